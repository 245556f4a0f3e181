import { describe, expect, it } from 'vitest';

import { profileView, snapshot, usage } from '../test/fixtures/views.js';

import {
  gatewayReducer,
  initialGatewayState,
  MAX_LOGIN_LINES,
  runningMethod,
  type GatewayAction,
  type GatewayState,
} from './gateway-state.js';

const expiring = profileView({ id: 'openai-codex:codex-cli', status: 'expiring' });
const base: GatewayState = gatewayReducer(initialGatewayState, {
  type: 'snapshot',
  snapshot: snapshot({
    profiles: [expiring],
    providers: [
      { provider: 'openai-codex', displayName: 'OpenAI Codex', shortName: 'Codex', status: 'expiring', usage: usage() },
      { provider: 'anthropic', displayName: 'Anthropic', shortName: 'Claude', status: 'ok', usage: usage() },
    ],
  }),
});

describe('gatewayReducer', () => {
  it('replaces the profiles on auth.changed, so a re-logged card turns ok by itself', () => {
    const next = gatewayReducer(base, {
      type: 'event',
      seq: 1,
      event: 'auth.changed',
      payload: { profiles: [{ ...expiring, status: 'ok' }] },
    });
    expect(next.snapshot?.profiles.map((p) => p.status)).toEqual(['ok']);
  });

  it('merges usage.changed by provider, keeping providers it does not mention', () => {
    const next = gatewayReducer(base, {
      type: 'event',
      seq: 1,
      event: 'usage.changed',
      payload: {
        providers: [
          {
            provider: 'anthropic',
            displayName: 'Anthropic',
            shortName: 'Claude',
            status: 'ok',
            usage: usage({ stale: true }),
          },
        ],
      },
    });
    expect(next.snapshot?.providers.map((p) => [p.provider, p.usage?.stale])).toEqual([
      ['openai-codex', false],
      ['anthropic', true],
    ]);
  });

  it('follows a login from the click to its outcome, collecting lines and the URL', () => {
    let state = gatewayReducer(base, { type: 'login.requested', profileId: expiring.id, at: 'now' });
    expect(state.logins[expiring.id]?.state).toBe('starting');
    // The first event can beat the method's answer.
    state = gatewayReducer(state, {
      type: 'event',
      seq: 1,
      event: 'login.progress',
      payload: { loginId: 'L1', profileId: expiring.id, state: 'starting', line: 'Starting local login server' },
    });
    state = gatewayReducer(state, { type: 'login.started', profileId: expiring.id, loginId: 'L1' });
    state = gatewayReducer(state, {
      type: 'event',
      seq: 2,
      event: 'login.progress',
      payload: {
        loginId: 'L1',
        profileId: expiring.id,
        state: 'waiting',
        url: 'https://auth.openai.com/oauth/authorize?x',
      },
    });
    state = gatewayReducer(state, {
      type: 'event',
      seq: 3,
      event: 'login.progress',
      payload: { loginId: 'L1', profileId: expiring.id, state: 'succeeded', line: 'Successfully logged in' },
    });
    const login = state.logins[expiring.id];
    expect(login?.state).toBe('succeeded');
    expect(login?.url).toBe('https://auth.openai.com/oauth/authorize?x');
    expect(login?.lines).toEqual(['Starting local login server', 'Successfully logged in']);
    expect(login?.endedAt).toBeTruthy();
    state = gatewayReducer(state, { type: 'login.dismissed', profileId: expiring.id });
    expect(state.logins[expiring.id]).toBeUndefined();
  });

  it('keeps only the last lines of a chatty login', () => {
    let state = base;
    for (let i = 0; i < MAX_LOGIN_LINES + 10; i++) {
      state = gatewayReducer(state, {
        type: 'event',
        seq: i + 1,
        event: 'login.progress',
        payload: { loginId: 'L1', profileId: expiring.id, state: 'waiting', line: `line ${i}` },
      });
    }
    const lines = state.logins[expiring.id]?.lines ?? [];
    expect(lines).toHaveLength(MAX_LOGIN_LINES);
    expect(lines.at(-1)).toBe(`line ${MAX_LOGIN_LINES + 9}`);
  });

  it('does not restart a running login on a second click', () => {
    const running = gatewayReducer(base, { type: 'login.requested', profileId: expiring.id, at: 'now' });
    expect(gatewayReducer(running, { type: 'login.requested', profileId: expiring.id, at: 'later' })).toBe(running);
  });

  it('replaces a running login with one of the other method (a code for the phone after all)', () => {
    const browser = gatewayReducer(base, { type: 'login.requested', profileId: expiring.id, at: 'now' });
    const device = gatewayReducer(browser, {
      type: 'login.requested',
      profileId: expiring.id,
      at: 'later',
      method: 'device',
    });
    expect(device.logins[expiring.id]).toMatchObject({ state: 'starting', method: 'device', startedAt: 'later' });
    expect(runningMethod(device.logins[expiring.id])).toBe('device');
    expect(runningMethod(browser.logins[expiring.id])).toBe('browser');
    expect(gatewayReducer(device, { type: 'login.requested', profileId: expiring.id, at: 'x', method: 'device' })).toBe(
      device,
    );
  });

  it('follows the hooks that failed (hooks.failed), as the snapshot holds them', () => {
    const failures = [
      {
        event: 'usage.low',
        command: '/usr/local/bin/page-me',
        at: '2026-11-30T01:00:00Z',
        error: 'exited with code 3',
      },
    ];
    const next = gatewayReducer(base, { type: 'event', seq: 1, event: 'hooks.failed', payload: { failures } });
    expect(next.snapshot?.hookFailures).toEqual(failures);
  });

  it('picks up logins already running when it (re)connects', () => {
    const next = gatewayReducer(initialGatewayState, {
      type: 'snapshot',
      snapshot: snapshot({
        logins: [
          { loginId: 'old', profileId: expiring.id, state: 'failed', lines: [], startedAt: '2026-11-25T10:00:00Z' },
          { loginId: 'new', profileId: expiring.id, state: 'waiting', lines: ['x'], startedAt: '2026-11-25T11:00:00Z' },
        ],
      }),
    });
    expect(next.logins[expiring.id]?.loginId).toBe('new');
  });

  it('reports a login that could not start as failed with the reason', () => {
    let state = gatewayReducer(base, { type: 'login.requested', profileId: expiring.id, at: 'now' });
    state = gatewayReducer(state, {
      type: 'login.failedToStart',
      profileId: expiring.id,
      error: 'codex is not installed: npm install -g @openai/codex',
    });
    expect(state.logins[expiring.id]).toMatchObject({
      state: 'failed',
      error: 'codex is not installed: npm install -g @openai/codex',
    });
  });

  it('follows a login started elsewhere (the tray, the CLI) from its first event', () => {
    const started = gatewayReducer(base, {
      type: 'event',
      seq: 1,
      event: 'login.progress',
      payload: { loginId: 'a', profileId: 'openai-codex:codex-cli', state: 'starting' },
    });
    const waiting = gatewayReducer(started, {
      type: 'event',
      seq: 2,
      event: 'login.progress',
      payload: {
        loginId: 'a',
        profileId: 'openai-codex:codex-cli',
        state: 'waiting',
        url: 'https://auth.openai.com/oauth/authorize?x',
      },
    });
    expect(Object.values(waiting.logins)).toHaveLength(1);
    expect(waiting.logins['openai-codex:codex-cli']).toMatchObject({
      loginId: 'a',
      state: 'waiting',
      url: 'https://auth.openai.com/oauth/authorize?x',
    });
  });
});

describe('gatewayReducer and sequence numbers', () => {
  const authChanged = (seq: number, status: 'ok' | 'expired'): GatewayAction => ({
    type: 'event',
    event: 'auth.changed',
    seq,
    payload: { profiles: [{ ...expiring, status }] },
  });
  const statuses = (state: GatewayState) => state.snapshot?.profiles.map((p) => p.status);

  it('applies events in order, counting the ones that carry no state', () => {
    let state = gatewayReducer(base, authChanged(1, 'expired'));
    state = gatewayReducer(state, { type: 'event', event: 'tick', seq: 2, payload: { ts: 1 } });
    state = gatewayReducer(state, authChanged(3, 'ok'));
    expect(statuses(state)).toEqual(['ok']);
    expect(state).toMatchObject({ seq: 3, resyncNeeded: false });
  });

  it('drops a replayed event, so an older list never overwrites a newer one', () => {
    let state = gatewayReducer(base, authChanged(1, 'ok'));
    state = gatewayReducer(state, authChanged(2, 'expired'));
    expect(gatewayReducer(state, authChanged(1, 'ok'))).toBe(state);
    expect(statuses(state)).toEqual(['expired']);
  });

  it('applies an event after a gap and asks for a fresh snapshot, which keeps the count', () => {
    const state = gatewayReducer(base, authChanged(3, 'expired'));
    expect(statuses(state)).toEqual(['expired']);
    expect(state).toMatchObject({ seq: 3, resyncNeeded: true });
    const fresh = gatewayReducer(state, {
      type: 'snapshot',
      snapshot: snapshot({ profiles: [{ ...expiring, status: 'ok' }] }),
      resync: true,
    });
    expect(fresh).toMatchObject({ seq: 3, resyncNeeded: false });
    expect(statuses(fresh)).toEqual(['ok']);
    // The next event in line applies without another resync.
    expect(gatewayReducer(fresh, authChanged(4, 'expired'))).toMatchObject({ seq: 4, resyncNeeded: false });
  });

  it('starts counting again from the snapshot of a new connection', () => {
    const before = gatewayReducer(base, authChanged(41, 'expired'));
    const reconnected = gatewayReducer(before, { type: 'snapshot', snapshot: snapshot({ profiles: [expiring] }) });
    expect(reconnected).toMatchObject({ seq: 0, resyncNeeded: false });
    expect(gatewayReducer(reconnected, authChanged(1, 'ok'))).toMatchObject({ seq: 1, resyncNeeded: false });
  });

  it('ignores events before the first snapshot, which holds what they said', () => {
    expect(gatewayReducer(initialGatewayState, authChanged(1, 'ok'))).toBe(initialGatewayState);
  });
});
