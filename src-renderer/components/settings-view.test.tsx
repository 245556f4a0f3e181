import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { type MethodParams, type ModelView, type SettingsView as Settings } from '../../src-shared/protocol/index';
import { settingsView } from '../renderer.test-helper';

import { SettingsView } from './settings-view';

afterEach(cleanup);

const settings = settingsView();

const models = [
  modelView('openai-codex/gpt-5.2', 'ok'),
  modelView('openai-codex/gpt-5.2-mini', 'ok'),
  modelView('anthropic/claude-sonnet-4-5', 'expired'),
];

function modelView(key: string, auth: ModelView['auth']): ModelView {
  const provider = key.split('/')[0]!;
  return {
    key,
    provider,
    name: key.split('/')[1]!,
    input: ['text'],
    contextWindow: 200_000,
    local: false,
    auth,
    tags: [],
  };
}

function setup(bridge: Parameters<typeof SettingsView>[0]['bridge'] = null, loaded: Settings = settings) {
  const getConfig = vi.fn(() => Promise.resolve({ settings: loaded, path: '/home/me/.clawbar/config.json' }));
  const setConfig = vi.fn((patch: MethodParams<'config.set'>) => {
    const next: Settings = { ...loaded };
    if (patch.warnBefore !== undefined) next.warnBefore = patch.warnBefore;
    return Promise.resolve({ settings: next });
  });
  const listModels = vi.fn(() => Promise.resolve({ models }));
  render(
    <SettingsView connected getConfig={getConfig} setConfig={setConfig} listModels={listModels} bridge={bridge} />,
  );
  return { getConfig, setConfig, listModels };
}

/** The settings have loaded once the controls are enabled with their values. */
async function loaded(): Promise<HTMLInputElement> {
  const warn = (await screen.findByLabelText('Warn before expiry')) as HTMLInputElement;
  await vi.waitFor(() => expect(warn.value).toBe('24'));
  return warn;
}

async function save() {
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await Promise.resolve();
  });
}

function group(name: string) {
  return within(screen.getByRole('group', { name }));
}

describe('SettingsView', () => {
  it('loads the settings, saves only the changed one and says so', async () => {
    const { setConfig } = setup();
    const warn = await loaded();
    expect(screen.getByText('/home/me/.clawbar/config.json')).toBeTruthy();
    fireEvent.change(warn, { target: { value: '2' } });
    fireEvent.change(group('Warn before expiry').getByLabelText('Unit'), { target: { value: 'd' } });
    await save();
    expect(setConfig).toHaveBeenCalledWith({ warnBefore: '2d' });
    expect(await screen.findByText('Saved.')).toBeTruthy();
  });

  it('shows durations with units, their range and default, and resets to the default', async () => {
    const { setConfig } = setup(null, settingsView({ warnBefore: '3d', usageRefresh: '7200s' }));
    const warn = (await screen.findByLabelText('Warn before expiry')) as HTMLInputElement;
    await vi.waitFor(() => expect(warn.value).toBe('3'));
    const warnGroup = group('Warn before expiry');
    expect((warnGroup.getByLabelText('Unit') as HTMLSelectElement).value).toBe('d');
    expect(warnGroup.getByText(/1 minute to 30 days; default 24 hours\.$/)).toBeTruthy();
    const refresh = group('Usage refresh period');
    expect((screen.getByLabelText('Usage refresh period') as HTMLInputElement).value).toBe('2');
    expect((refresh.getByLabelText('Unit') as HTMLSelectElement).value).toBe('h');
    expect(refresh.getByText(/1 minute to 24 hours; default 5 minutes\.$/)).toBeTruthy();

    const reset = warnGroup.getByRole('button', { name: 'Reset to default' }) as HTMLButtonElement;
    fireEvent.click(reset);
    expect(warn.value).toBe('24');
    expect((warnGroup.getByLabelText('Unit') as HTMLSelectElement).value).toBe('h');
    // At the default there is nothing to reset.
    expect(reset.disabled).toBe(true);
    await save();
    expect(setConfig).toHaveBeenCalledWith({ warnBefore: '24h' });
  });

  it('marks a duration outside the range the gateway enforces, and sends nothing', async () => {
    const { setConfig } = setup();
    await loaded();
    const refresh = screen.getByLabelText('Usage refresh period');
    fireEvent.change(refresh, { target: { value: '2' } });
    fireEvent.change(group('Usage refresh period').getByLabelText('Unit'), { target: { value: 'd' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Use 1 minute to 24 hours.')).toBeTruthy();
    expect(refresh.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Warn before expiry').getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Fix the marked fields.');
    expect(setConfig).not.toHaveBeenCalled();
  });

  it('edits expiry notifications as chips: sorted, no repeats, removable, checked on add', async () => {
    const { setConfig } = setup();
    await loaded();
    const expiring = group('Expiry notifications');
    const chips = () => within(screen.getByRole('list', { name: 'Expiry notifications' })).getAllByRole('listitem');
    expect(chips().map((chip) => chip.textContent)).toEqual(['24 hours×', '1 hour×']);
    const add = expiring.getByLabelText('Add to expiry notifications');
    // Enter adds (it does not submit the form); the list stays longest first.
    fireEvent.change(add, { target: { value: '3' } });
    fireEvent.keyDown(add, { key: 'Enter' });
    expect(chips().map((chip) => chip.textContent)).toEqual(['24 hours×', '3 hours×', '1 hour×']);
    expect((add as HTMLInputElement).value).toBe('');
    // 1 day is 24 hours: no second chip.
    fireEvent.change(add, { target: { value: '1' } });
    fireEvent.change(expiring.getByLabelText('Unit'), { target: { value: 'd' } });
    fireEvent.click(expiring.getByRole('button', { name: 'Add' }));
    expect(chips()).toHaveLength(3);
    // Outside the range: the add field is marked and the list unchanged.
    fireEvent.change(add, { target: { value: '45' } });
    fireEvent.click(expiring.getByRole('button', { name: 'Add' }));
    expect(expiring.getByText('Use 1 minute to 30 days.')).toBeTruthy();
    expect(add.getAttribute('aria-invalid')).toBe('true');
    expect(chips()).toHaveLength(3);
    fireEvent.click(expiring.getByRole('button', { name: 'Remove 24 hours' }));
    await save();
    expect(setConfig).toHaveBeenCalledWith({ notifyExpiring: ['3h', '1h'] });
  });

  it('edits usage thresholds as percent chips and resets them to the default', async () => {
    const { setConfig } = setup(null, settingsView({ notifyUsageUsedPercent: [95, 50] }));
    await loaded();
    const usage = group('Usage notifications');
    const chips = () => within(screen.getByRole('list', { name: 'Usage notifications' })).getAllByRole('listitem');
    expect(chips().map((chip) => chip.textContent)).toEqual(['50%×', '95%×']);
    expect(usage.getByText(/default 80%, 95%\.$/)).toBeTruthy();
    const add = usage.getByLabelText('Add to usage notifications');
    fireEvent.change(add, { target: { value: '150' } });
    fireEvent.keyDown(add, { key: 'Enter' });
    expect(usage.getByText('Use a percentage from 1 to 100.')).toBeTruthy();
    fireEvent.change(add, { target: { value: '70' } });
    fireEvent.keyDown(add, { key: 'Enter' });
    expect(chips().map((chip) => chip.textContent)).toEqual(['50%×', '70%×', '95%×']);
    expect(add.getAttribute('aria-invalid')).toBeNull();
    fireEvent.click(usage.getByRole('button', { name: 'Reset to default' }));
    expect(chips().map((chip) => chip.textContent)).toEqual(['80%×', '95%×']);
    await save();
    expect(setConfig).toHaveBeenCalledWith({ notifyUsageUsedPercent: [80, 95] });
  });

  it('picks the agent model from the gateway catalog, the current one selected', async () => {
    const { setConfig, listModels } = setup();
    await loaded();
    const picker = screen.getByLabelText('Agent model') as HTMLSelectElement;
    await vi.waitFor(() => expect(picker.options).toHaveLength(3));
    expect(listModels).toHaveBeenCalled();
    expect(picker.value).toBe('openai-codex/gpt-5.2');
    expect([...picker.querySelectorAll('optgroup')].map((g) => g.label)).toEqual(['openai-codex', 'anthropic']);
    // A model whose login is not usable says so.
    expect(screen.getByRole('option', { name: 'anthropic/claude-sonnet-4-5 (expired)' })).toBeTruthy();
    fireEvent.change(picker, { target: { value: 'openai-codex/gpt-5.2-mini' } });
    await save();
    expect(setConfig).toHaveBeenCalledWith({ agentModel: 'openai-codex/gpt-5.2-mini' });
  });

  it('keeps a current model the catalog lacks choosable, and says when the catalog fails', async () => {
    cleanup();
    const getConfig = () =>
      Promise.resolve({ settings: settingsView({ agentModel: 'ollama/llama3' }), path: '/c.json' });
    render(
      <SettingsView
        connected
        getConfig={getConfig}
        setConfig={vi.fn()}
        listModels={() => Promise.reject(new Error('unknown method: models.list'))}
        bridge={null}
      />,
    );
    expect(await screen.findByText('Could not list models: unknown method: models.list')).toBeTruthy();
    const picker = screen.getByLabelText('Agent model') as HTMLSelectElement;
    await vi.waitFor(() => expect(picker.value).toBe('ollama/llama3'));
  });

  it('shows the login commands read-only, with nothing to edit them', async () => {
    setup();
    await loaded();
    expect(screen.getByText('codex login')).toBeTruthy();
    expect(screen.getByText('claude auth login')).toBeTruthy();
    expect(screen.queryByDisplayValue('codex')).toBeNull();
    expect(screen.queryAllByRole('textbox')).toHaveLength(0);
  });

  it('shows the gateway refusing a change', async () => {
    const { setConfig } = setup();
    setConfig.mockRejectedValueOnce(new Error('auth.warnBefore: not a duration'));
    fireEvent.change(await loaded(), { target: { value: '48' } });
    await save();
    expect(await screen.findByText('Not saved: auth.warnBefore: not a duration')).toBeTruthy();
  });

  it('offers launch at login only inside the Electron shell', async () => {
    setup();
    await loaded();
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
