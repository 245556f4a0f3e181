import { describe, expect, it } from 'vitest';

import { createTrayActions } from './tray-actions.js';

import type { MethodName } from '../../src-shared/protocol/index.js';

function setup(failing: MethodName[] = []) {
  const calls: string[] = [];
  let launch = false;
  const run = createTrayActions({
    request: async (method, params) => {
      calls.push(`${method} ${JSON.stringify(params ?? {})}`);
      if (failing.includes(method)) throw new Error('UNAVAILABLE');
      return {} as never;
    },
    openDashboard: async () => calls.push('dashboard'),
    launchAtLogin: () => launch,
    setLaunchAtLogin: (v) => {
      launch = v;
      calls.push(`launch ${v}`);
    },
    render: () => calls.push('render'),
    quit: () => calls.push('quit'),
    onError: (m) => calls.push(`error: ${m}`),
  });
  return { run, calls };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('tray actions', () => {
  it('starts a re-login, refreshes, opens the dashboard, toggles launch at login and quits', async () => {
    const { run, calls } = setup();
    run({ kind: 'relogin', profileId: 'anthropic:claude-cli' });
    run({ kind: 'refresh' });
    run({ kind: 'open-dashboard' });
    run({ kind: 'toggle-launch-at-login' });
    run({ kind: 'toggle-launch-at-login' });
    run({ kind: 'quit' });
    await settle();
    expect(calls).toEqual([
      'auth.login.start {"profileId":"anthropic:claude-cli"}',
      'auth.refresh {}',
      'usage.refresh {}',
      'dashboard',
      'launch true',
      'render',
      'launch false',
      'render',
      'quit',
    ]);
  });

  it('reports a failed request in one line instead of throwing', async () => {
    const { run, calls } = setup(['auth.login.start']);
    run({ kind: 'relogin', profileId: 'openai-codex:codex-cli' });
    await settle();
    expect(calls.at(-1)).toBe('error: re-login failed: UNAVAILABLE');
  });
});
