import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { type LoginView } from '../../src-shared/protocol/index';
import { profileView, freezeClockAt } from '../renderer.test-helper';

import { ProfileCard } from './profile-card';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const H = 3600_000;

freezeClockAt(NOW);

const codex = profileView({
  id: 'openai-codex:codex-cli',
  status: 'expiring',
  expiresAt: new Date(NOW + 5 * H + 30 * 60_000).toISOString(),
  remainingMs: 5 * H + 30 * 60_000,
  email: 'dev@example.com',
  plan: 'pro',
  source: 'codex-cli',
  relogin: true,
});

describe('ProfileCard', () => {
  it('shows id, email, plan, source, the status in words and the live countdown', () => {
    render(<ProfileCard profile={codex} onRelogin={() => undefined} />);
    const card = screen.getByRole('article', { name: 'openai-codex:codex-cli' });
    expect(within(card).getByText('expiring')).toBeTruthy();
    expect(within(card).getByText('dev@example.com · plan pro · source codex-cli')).toBeTruthy();
    expect(within(card).getByText('expires in 5h 30m')).toBeTruthy();
    act(() => vi.advanceTimersByTime(H));
    expect(within(card).getByText('expires in 4h 30m')).toBeTruthy();
  });

  it('gives each status a text and a shape, not only a colour', () => {
    for (const status of ['ok', 'expiring', 'expired', 'missing', 'static'] as const) {
      const { unmount } = render(<ProfileCard profile={profileView({ id: `openai:${status}`, status })} />);
      const badge = screen.getByText(status);
      expect(badge.getAttribute('data-status')).toBe(status);
      expect(badge.querySelector('.badge-glyph')?.textContent).not.toBe('');
      unmount();
    }
  });

  it('explains why, and says when there is nothing to count down', () => {
    render(
      <ProfileCard
        profile={profileView({
          id: 'anthropic:claude-cli',
          status: 'missing',
          detail: '.credentials.json is not valid JSON',
        })}
      />,
    );
    expect(screen.getByText('.credentials.json is not valid JSON')).toBeTruthy();
    expect(screen.getByText('no credential')).toBeTruthy();
    cleanup();
    render(
      <ProfileCard profile={profileView({ id: 'openai:env', status: 'static', source: 'env', type: 'api_key' })} />,
    );
    expect(screen.getByText('no expiry')).toBeTruthy();
  });

  it('offers Re-login only on profiles the gateway says clawbar can log in again', () => {
    const onRelogin = vi.fn();
    render(<ProfileCard profile={codex} onRelogin={onRelogin} />);
    fireEvent.click(screen.getByRole('button', { name: 'Re-login openai-codex:codex-cli' }));
    expect(onRelogin).toHaveBeenCalledWith('openai-codex:codex-cli');
    cleanup();
    render(<ProfileCard profile={profileView({ id: 'openai:env', status: 'static' })} onRelogin={onRelogin} />);
    expect(screen.queryByRole('button', { name: /Re-login/ })).toBeNull();
  });

  it('shows a running login: the authorize link, copy, output lines and Cancel', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const url = 'https://auth.openai.com/oauth/authorize?response_type=code&client_id=app_x&state=s';
    const login: LoginView = {
      loginId: 'login-1',
      profileId: codex.id,
      state: 'waiting',
      url,
      lines: ['Starting local login server on http://localhost:1455.', url],
      startedAt: new Date(NOW).toISOString(),
    };
    const onCancel = vi.fn();
    render(<ProfileCard profile={codex} login={login} onRelogin={() => undefined} onCancelLogin={onCancel} />);
    const link = screen.getByRole('link', { name: 'Open the sign-in page' });
    expect(link.getAttribute('href')).toBe(url);
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(screen.getByLabelText('Login output').textContent).toContain('Starting local login server');
    expect(screen.getByText('Waiting for you to sign in in the browser…')).toBeTruthy();
    expect(
      (screen.getByRole('button', { name: 'Re-login openai-codex:codex-cli' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Copy link' }));
      await Promise.resolve();
    });
    expect(writeText).toHaveBeenCalledWith(url);
    expect(screen.getByRole('button', { name: 'Copied' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onCancel).toHaveBeenCalledWith(codex.id);
  });

  it('shows the outcome of a finished login with a way to dismiss it', () => {
    const onDismiss = vi.fn();
    const login: LoginView = {
      loginId: 'login-1',
      profileId: codex.id,
      state: 'failed',
      error: 'Error logging in: Login was not completed',
      lines: [],
      startedAt: new Date(NOW).toISOString(),
    };
    render(<ProfileCard profile={codex} login={login} onRelogin={() => undefined} onDismissLogin={onDismiss} />);
    expect(screen.getByText('Login failed.')).toBeTruthy();
    expect(screen.getByText('Error logging in: Login was not completed', { exact: false })).toBeTruthy();
    expect(screen.queryByRole('link')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(onDismiss).toHaveBeenCalledWith(codex.id);
  });
});
