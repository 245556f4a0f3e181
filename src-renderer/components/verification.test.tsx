import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { GatewayStoreContext } from '../gateway/use-gateway';
import { freezeClockAt, profileView } from '../renderer.test-helper';

import { Verification } from './verification';

import type { GatewayStore } from '../gateway/gateway-store';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const MIN = 60_000;

freezeClockAt(NOW);

const codex = profileView({
  id: 'openai-codex:codex-cli',
  status: 'ok',
  verifiedAt: new Date(NOW - 4 * MIN).toISOString(),
  probe: { result: 'verified', at: new Date(NOW - 4 * MIN).toISOString() },
  canProbe: true,
});

/** The page's session, as far as the button uses it: one request whose answer the test decides. */
function storeAnswering(answer: () => Promise<unknown>) {
  const request = vi.fn(answer);
  return { store: { request } as unknown as GatewayStore, request };
}

describe('Verification', () => {
  it('says when the server last accepted the token, and the age moves on', () => {
    render(<Verification profile={codex} />);
    expect(screen.getByText('verified 4m ago')).toBeTruthy();
    act(() => vi.advanceTimersByTime(2 * MIN));
    expect(screen.getByText('verified 6m ago')).toBeTruthy();
    // Without a gateway there is nothing to ask: no button.
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('Check now asks the gateway about this profile, waits, and shows a refusal in one line', async () => {
    let fail: (error: Error) => void = () => undefined;
    const { store, request } = storeAnswering(() => new Promise((_, reject) => (fail = reject)));
    render(
      <GatewayStoreContext.Provider value={store}>
        <Verification profile={codex} />
      </GatewayStoreContext.Provider>,
    );
    const button = screen.getByRole('button', { name: 'Check openai-codex:codex-cli with its server now' });
    fireEvent.click(button);
    expect(request).toHaveBeenCalledWith('auth.probe', { profileId: 'openai-codex:codex-cli' });
    expect(button.textContent).toBe('Checking…');
    expect((button as HTMLButtonElement).disabled).toBe(true);
    await act(async () => fail(new Error('the health probe is not available')));
    expect(button.textContent).toBe('Check now');
    expect(screen.getByText('the health probe is not available')).toBeTruthy();
  });

  it('offers no button for a profile the gateway cannot ask about, and shows a rejection', () => {
    const { store } = storeAnswering(async () => ({}));
    const revoked = profileView({
      id: 'openai-codex:codex-cli',
      status: 'expired',
      probe: { result: 'rejected', at: new Date(NOW - 2 * MIN).toISOString(), detail: 'rejected by server (401)' },
    });
    render(
      <GatewayStoreContext.Provider value={store}>
        <Verification profile={revoked} />
        <Verification profile={profileView({ id: 'openai:env', status: 'static' })} />
      </GatewayStoreContext.Provider>,
    );
    expect(screen.getByText('rejected by the server 2m ago')).toBeTruthy();
    expect(screen.queryByRole('button')).toBeNull();
  });
});
