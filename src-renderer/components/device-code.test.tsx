import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { type LoginView } from '../../src-shared/protocol/index';
import { freezeClockAt, profileView } from '../renderer.test-helper';

import { formatCodeClock } from './device-code';
import { LoginPanel } from './login-panel';
import { ProfileCard } from './profile-card';

const NOW = Date.parse('2026-11-30T02:00:00Z');
const MIN = 60_000;

freezeClockAt(NOW);

/** A device login as `login.progress` reports it: Codex's link, its code, 15 minutes. */
const deviceLogin = (over: Partial<LoginView> = {}): LoginView => ({
  loginId: 'login-7',
  profileId: 'openai-codex:codex-cli',
  state: 'waiting',
  method: 'device',
  url: 'https://auth.openai.com/codex/device',
  userCode: 'ABCD-12345',
  expiresAt: new Date(NOW + 15 * MIN).toISOString(),
  lines: ['Follow these steps to sign in with ChatGPT using device code authorization:'],
  startedAt: new Date(NOW).toISOString(),
  ...over,
});

function renderPanel(login: LoginView) {
  render(<LoginPanel login={login} onCancel={() => undefined} onDismiss={() => undefined} />);
}

describe('formatCodeClock', () => {
  it('counts minutes:seconds, an hour or more as durations, never below zero', () => {
    expect(formatCodeClock(15 * MIN)).toBe('15:00');
    expect(formatCodeClock(14 * MIN + 32_999)).toBe('14:32');
    expect(formatCodeClock(9_000)).toBe('0:09');
    expect(formatCodeClock(-5_000)).toBe('0:00');
    expect(formatCodeClock(65 * MIN)).toBe('1h 5m');
  });
});

describe('a device login', () => {
  it('shows the code large, the page to enter it at, and a countdown that ticks every second', () => {
    renderPanel(deviceLogin());
    expect(screen.getByRole('status', { name: 'One-time code' }).textContent).toBe('ABCD-12345');
    const link = screen.getByRole('link', { name: 'auth.openai.com/codex/device' });
    expect(link.getAttribute('href')).toBe('https://auth.openai.com/codex/device');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(screen.getByText('Waiting for the sign-in on the other device…')).toBeTruthy();
    expect(screen.getByRole('timer').textContent).toBe('expires in 15:00');
    act(() => vi.advanceTimersByTime(28_000));
    expect(screen.getByRole('timer').textContent).toBe('expires in 14:32');
    // The output repeats what the panel shows: hidden while the code is.
    expect(screen.queryByLabelText('Login output')).toBeNull();
  });

  it('says clearly when the code has expired, and stops offering to copy it', () => {
    renderPanel(deviceLogin());
    act(() => vi.advanceTimersByTime(15 * MIN + 1_000));
    expect(screen.getByRole('timer').textContent).toBe('Code expired — start the login again');
    expect((screen.getByRole('button', { name: 'Copy code' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('copies the code, and says so', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderPanel(deviceLogin());
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy code' }));
      await Promise.resolve();
    });
    expect(writeText).toHaveBeenCalledWith('ABCD-12345');
    expect(screen.getByRole('button', { name: 'Copied' })).toBeTruthy();
  });

  it('says the copy failed when the page may not write the clipboard', async () => {
    const writeText = vi.fn().mockRejectedValue(new DOMException('Write permission denied', 'NotAllowedError'));
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    renderPanel(deviceLogin());
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy code' }));
      await Promise.resolve();
      await Promise.resolve();
    });
    expect(screen.getByRole('button', { name: 'Copy failed' })).toBeTruthy();
  });

  it('shows no code once the login has ended, and its output again', () => {
    renderPanel(deviceLogin({ state: 'succeeded', endedAt: new Date(NOW).toISOString() }));
    expect(screen.queryByRole('status', { name: 'One-time code' })).toBeNull();
    expect(screen.getByText('Logged in.')).toBeTruthy();
    expect(screen.getByLabelText('Login output')).toBeTruthy();
  });
});

describe('starting a login', () => {
  const codex = profileView({ id: 'openai-codex:codex-cli', status: 'expiring', relogin: true, deviceLogin: true });

  it('offers the browser (first) and another device for a login that has both, and starts the one clicked', () => {
    const onRelogin = vi.fn();
    render(<ProfileCard profile={codex} onRelogin={onRelogin} />);
    fireEvent.click(screen.getByRole('button', { name: 'Re-login openai-codex:codex-cli' }));
    fireEvent.click(screen.getByRole('button', { name: 'Re-login from another device: openai-codex:codex-cli' }));
    expect(onRelogin.mock.calls).toEqual([['openai-codex:codex-cli'], ['openai-codex:codex-cli', 'device']]);
  });

  it('offers only the browser for a login without a device-code flow', () => {
    const { deviceLogin: _device, ...browserOnly } = codex;
    render(<ProfileCard profile={browserOnly} onRelogin={() => undefined} />);
    expect(screen.queryByRole('button', { name: /from another device/ })).toBeNull();
  });

  it('keeps the other way open while one runs: a code for the phone after all', () => {
    const { userCode: _code, expiresAt: _expires, ...browserLogin } = deviceLogin();
    render(<ProfileCard profile={codex} login={{ ...browserLogin, method: 'browser' }} onRelogin={() => undefined} />);
    expect(
      (screen.getByRole('button', { name: 'Re-login openai-codex:codex-cli' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    const device = screen.getByRole('button', { name: 'Re-login from another device: openai-codex:codex-cli' });
    expect((device as HTMLButtonElement).disabled).toBe(false);
  });
});
