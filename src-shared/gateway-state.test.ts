import { describe, expect, it } from 'vitest';

import { profileView, snapshot, usage } from '../test-support';

import { dashboardReducer, initialState, MAX_LOGIN_LINES, type DashboardState } from './dashboard-state';

const expiring = profileView({ id: 'openai-codex:codex-cli', status: 'expiring' });
const base: DashboardState = dashboardReducer(initialState, {
  type: 'snapshot',
  snapshot: snapshot({
    profiles: [expiring],
    providers: [
      { provider: 'openai-codex', status: 'expiring', usage: usage() },
      { provider: 'anthropic', status: 'ok', usage: usage() },
    ],
  }),
});

describe('dashboardReducer', () => {
  it('replaces the profiles on auth.changed, so a re-logged card turns ok by itself', () => {
    const next = dashboardReducer(base, {
      type: 'event',
      event: 'auth.changed',
      payload: { profiles: [{ ...expiring, status: 'ok' }] },
    });
    expect(next.snapshot?.profiles.map((p) => p.status)).toEqual(['ok']);
  });

  it('merges usage.changed by provider, keeping providers it does not mention', () => {
    const next = dashboardReducer(base, {
      type: 'event',
      event: 'usage.changed',
      payload: { providers: [{ provider: 'anthropic', status: 'ok', usage: usage({ stale: true }) }] },
    });
    expect(next.snapshot?.providers.map((p) => [p.provider, p.usage?.stale])).toEqual([
      ['openai-codex', false],
      ['anthropic', true],
    ]);
  });

  it('follows a login from the click to its outcome, collecting lines and the URL', () => {
    let state = dashboardReducer(base, { type: 'login.requested', profileId: expiring.id, at: 'now' });
    expect(state.logins[expiring.id]?.state).toBe('starting');
    // The first event can beat the method's answer.
    state = dashboardReducer(state, {
      type: 'event',
      event: 'login.progress',
      payload: { loginId: 'L1', profileId: expiring.id, state: 'starting', line: 'Starting local login server' },
    });
    state = dashboardReducer(state, { type: 'login.started', profileId: expiring.id, loginId: 'L1' });
    state = dashboardReducer(state, {
      type: 'event',
      event: 'login.progress',
      payload: {
        loginId: 'L1',
        profileId: expiring.id,
        state: 'waiting',
        url: 'https://auth.openai.com/oauth/authorize?x',
      },
    });
    state = dashboardReducer(state, {
      type: 'event',
      event: 'login.progress',
      payload: { loginId: 'L1', profileId: expiring.id, state: 'succeeded', line: 'Successfully logged in' },
    });
    const login = state.logins[expiring.id];
    expect(login?.state).toBe('succeeded');
    expect(login?.url).toBe('https://auth.openai.com/oauth/authorize?x');
    expect(login?.lines).toEqual(['Starting local login server', 'Successfully logged in']);
    expect(login?.endedAt).toBeTruthy();
    state = dashboardReducer(state, { type: 'login.dismissed', profileId: expiring.id });
    expect(state.logins[expiring.id]).toBeUndefined();
  });

  it('keeps only the last lines of a chatty login', () => {
    let state = base;
    for (let i = 0; i < MAX_LOGIN_LINES + 10; i++) {
      state = dashboardReducer(state, {
        type: 'event',
        event: 'login.progress',
        payload: { loginId: 'L1', profileId: expiring.id, state: 'waiting', line: `line ${i}` },
      });
    }
    const lines = state.logins[expiring.id]?.lines ?? [];
    expect(lines).toHaveLength(MAX_LOGIN_LINES);
    expect(lines.at(-1)).toBe(`line ${MAX_LOGIN_LINES + 9}`);
  });

  it('does not restart a running login on a second click', () => {
    const running = dashboardReducer(base, { type: 'login.requested', profileId: expiring.id, at: 'now' });
    expect(dashboardReducer(running, { type: 'login.requested', profileId: expiring.id, at: 'later' })).toBe(running);
  });

  it('picks up logins already running when it (re)connects', () => {
    const next = dashboardReducer(initialState, {
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
    let state = dashboardReducer(base, { type: 'login.requested', profileId: expiring.id, at: 'now' });
    state = dashboardReducer(state, {
      type: 'login.failedToStart',
      profileId: expiring.id,
      error: 'codex is not installed: npm install -g @openai/codex',
    });
    expect(state.logins[expiring.id]).toMatchObject({
      state: 'failed',
      error: 'codex is not installed: npm install -g @openai/codex',
    });
  });
});
