import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { initialGatewayState, type GatewayState } from '../../src-shared/gateway-state';
import { GatewayStoreContext } from '../gateway/use-gateway';

import { AccountsPanel } from './accounts-panel';

import type { GatewayStore } from '../gateway/gateway-store';

const connected: GatewayState = {
  ...initialGatewayState,
  connection: { phase: 'connected', attempt: 0, retryAt: null, error: null, connectedAt: 1 },
};

/** The page's session as far as the panel uses it: its state, and requests the test answers. */
function storeAnswering(answers: Record<string, () => Promise<unknown>>) {
  const request = vi.fn((method: string) => answers[method]?.() ?? Promise.reject(new Error(`no ${method}`)));
  const store = { request, subscribe: () => () => undefined, getState: () => connected } as unknown as GatewayStore;
  return { store, request };
}

const LISTING = {
  providers: [
    { provider: 'openai-codex', home: '~/.codex-<name>' },
    { provider: 'anthropic', home: '~/.claude-<name>' },
  ],
  accounts: [{ provider: 'anthropic', id: 'personal', label: 'personal', home: '/h/.claude-personal', profileId: 'x' }],
};

function renderWith(store: GatewayStore) {
  return render(
    <GatewayStoreContext.Provider value={store}>
      <AccountsPanel />
    </GatewayStoreContext.Provider>,
  );
}

describe('AccountsPanel', () => {
  it('says why when the gateway cannot read config.json, instead of hiding', async () => {
    const { store } = storeAnswering({
      'accounts.list': () => Promise.reject(new Error('config.json: not valid JSON — fix or delete it')),
    });
    await act(async () => void renderWith(store));
    expect(screen.getByRole('alert').textContent).toBe('config.json: not valid JSON — fix or delete it');
  });

  it('checks the name as config.json would, shows the home it gets, and adds with provider and name only', async () => {
    const { store, request } = storeAnswering({
      'accounts.list': async () => LISTING,
      'accounts.add': async () => ({
        account: { provider: 'anthropic', id: 'work', label: 'work', home: '/h/.claude-work', profileId: 'y' },
        loginId: null,
        loginError: 'the login runner is not running in this gateway',
      }),
    });
    await act(async () => void renderWith(store));
    fireEvent.change(screen.getByLabelText('Provider'), { target: { value: 'anthropic' } });
    const name = screen.getByLabelText('Name');
    const add = screen.getByRole('button', { name: 'Add and log in' }) as HTMLButtonElement;
    fireEvent.change(name, { target: { value: '../etc' } });
    expect(screen.getByText(/^The name must be 1–32 lower-case letters/)).toBeTruthy();
    expect(add.disabled).toBe(true);
    fireEvent.change(name, { target: { value: 'personal' } });
    expect(screen.getByText('That name is taken.')).toBeTruthy();
    fireEvent.change(name, { target: { value: 'work' } });
    expect(screen.getByText('~/.claude-work')).toBeTruthy();
    await act(async () => void fireEvent.click(add));
    expect(request).toHaveBeenCalledWith('accounts.add', { provider: 'anthropic', name: 'work' });
    expect(screen.getByRole('status').textContent).toBe(
      'Added anthropic@work. Its login did not start: the login runner is not running in this gateway',
    );
  });
});
