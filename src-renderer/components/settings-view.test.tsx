import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { type MethodParams, type SettingsView as Settings } from '../../src-shared/protocol/index';
import { settingsView } from '../renderer.test-helper';

import { SettingsView } from './settings-view';

afterEach(cleanup);

const settings = settingsView();

function setup(bridge: Parameters<typeof SettingsView>[0]['bridge'] = null) {
  const getConfig = vi.fn(() => Promise.resolve({ settings, path: '/home/me/.clawbar/config.json' }));
  const setConfig = vi.fn((patch: MethodParams<'config.set'>) => {
    const next: Settings = { ...settings };
    if (patch.warnBefore !== undefined) next.warnBefore = patch.warnBefore;
    return Promise.resolve({ settings: next });
  });
  render(<SettingsView connected getConfig={getConfig} setConfig={setConfig} bridge={bridge} />);
  return { getConfig, setConfig };
}

describe('SettingsView', () => {
  it('loads the settings, saves only the changed one and says so', async () => {
    const { setConfig } = setup();
    const warn = await screen.findByDisplayValue('24h');
    expect(screen.getByText('/home/me/.clawbar/config.json')).toBeTruthy();
    fireEvent.change(warn, { target: { value: '2h' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
      await Promise.resolve();
    });
    expect(setConfig).toHaveBeenCalledWith({ warnBefore: '2h' });
    expect(await screen.findByText('Saved.')).toBeTruthy();
  });

  it('shows the login commands read-only, with nothing to edit them', async () => {
    setup();
    await screen.findByDisplayValue('24h');
    expect(screen.getByText('codex login')).toBeTruthy();
    expect(screen.getByText('claude auth login')).toBeTruthy();
    expect(screen.queryByDisplayValue('codex')).toBeNull();
    expect(screen.getAllByRole('textbox')).toHaveLength(4);
  });

  it('marks a bad field and sends nothing', async () => {
    const { setConfig } = setup();
    // The fields are disabled and empty until the settings have loaded: type only after that.
    await screen.findByDisplayValue('24h');
    const refresh = screen.getByLabelText('Usage refresh period');
    fireEvent.change(refresh, { target: { value: 'often' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Use a duration like 24h, 90m or 300s.')).toBeTruthy();
    expect(refresh.getAttribute('aria-invalid')).toBe('true');
    expect(setConfig).not.toHaveBeenCalled();
  });

  it('shows the gateway refusing a change', async () => {
    const { setConfig } = setup();
    setConfig.mockRejectedValueOnce(new Error('auth.warnBefore: not a duration'));
    fireEvent.change(await screen.findByLabelText('Warn before expiry'), { target: { value: '48h' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Save' }));
      await Promise.resolve();
    });
    expect(await screen.findByText('Not saved: auth.warnBefore: not a duration')).toBeTruthy();
  });

  it('offers launch at login only inside the Electron shell', async () => {
    setup();
    await screen.findByDisplayValue('24h');
    expect(screen.queryByLabelText('Launch clawbar at login')).toBeNull();
    cleanup();
    const setLaunchAtLogin = vi.fn(() => Promise.resolve());
    setup({
      getGatewayConnection: () => ({ url: 'ws://127.0.0.1:1/ws', token: 't' }),
      getLaunchAtLogin: () => Promise.resolve(false),
      setLaunchAtLogin,
    });
    const box = (await screen.findByLabelText('Launch clawbar at login')) as HTMLInputElement;
    await vi.waitFor(() => expect(box.disabled).toBe(false));
    fireEvent.click(box);
    expect(setLaunchAtLogin).toHaveBeenCalledWith(true);
    expect(box.checked).toBe(true);
  });
});
