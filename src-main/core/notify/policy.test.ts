import { describe, expect, it } from 'vitest';

import { profileView } from '../../../test/fixtures/views.js';

import {
  emptyMemory,
  evaluateNotifications,
  loginNotification,
  pruneMemory,
  tokenIdentity,
  type NotifyMemory,
} from './policy.js';

import type { ProfileView, ProviderView } from '../../../src-shared/protocol/index.js';

const H = 3_600_000;
const NOW = Date.parse('2026-11-25T12:00:00Z');
const thresholds = { expiringMs: [24 * H, 1 * H], usageUsedPercent: [80, 95] };

function codex(remainingMs: number, over: Partial<ProfileView> = {}): ProfileView {
  return {
    id: 'openai-codex:codex-cli',
    provider: 'openai-codex',
    type: 'oauth',
    source: 'codex-cli',
    status: remainingMs <= 0 ? 'expired' : remainingMs <= 24 * H ? 'expiring' : 'ok',
    expiresAt: new Date(NOW + remainingMs).toISOString(),
    remainingMs,
    email: 'dev@example.com',
    refreshable: true,
    relogin: false,
    detail: null,
    ...over,
  };
}

function usage(usedPercent: number, resetAt: string | null, over: Partial<ProviderView> = {}): ProviderView {
  return {
    provider: 'openai-codex',
    displayName: 'OpenAI Codex',
    shortName: 'Codex',
    status: 'ok',
    usage: {
      windows: [{ label: '5h', windowSeconds: 18000, usedPercent, leftPercent: 100 - usedPercent, resetAt }],
      fetchedAt: new Date(NOW).toISOString(),
      stale: false,
      error: null,
    },
    ...over,
  };
}

/** Runs a sequence of states through the policy, threading the memory, and collects the titles. */
function run(
  steps: Array<{ now?: number; profiles?: ProfileView[]; providers?: ProviderView[] }>,
  start?: NotifyMemory,
) {
  let memory = start ?? emptyMemory();
  const titles: string[][] = [];
  for (const step of steps) {
    const result = evaluateNotifications(memory, { ...step, now: step.now ?? NOW, thresholds });
    memory = result.memory;
    titles.push(result.events.map((e) => e.title));
  }
  return { memory, titles };
}

describe('expiry thresholds', () => {
  it('fires nothing while a login is far from expiry', () => {
    expect(run([{ profiles: [codex(5 * 24 * H)] }]).titles).toEqual([[]]);
  });

  it('fires once on entering the 24 h threshold and once on entering the 1 h threshold', () => {
    const expiresAt = new Date(NOW + 30 * H).toISOString();
    const at = (hoursLeft: number) => ({
      now: NOW + (30 - hoursLeft) * H,
      profiles: [codex(hoursLeft * H, { expiresAt })],
    });
    const { titles } = run([at(30), at(23), at(20), at(0.9), at(0.5)]);
    expect(titles).toEqual([[], ['Codex login expires in 23h 0m'], [], ['Codex login expires in 54m'], []]);
  });

  it('fires only the most urgent threshold when several are crossed at once', () => {
    const result = evaluateNotifications(emptyMemory(), { profiles: [codex(0.5 * H)], now: NOW, thresholds });
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toMatchObject({
      level: 'critical',
      title: 'Codex login expires in 30m',
      profileId: 'openai-codex:codex-cli',
      action: 'relogin',
    });
    // ...and remembers both, so the 24 h one does not fire later for this token.
    expect(run([{ profiles: [codex(0.4 * H)] }], result.memory).titles).toEqual([[]]);
  });

  it('fires again for a new token (a re-login), never for the same one', () => {
    const first = run([{ profiles: [codex(10 * H)] }]);
    expect(first.titles).toEqual([['Codex login expires in 10h 0m']]);
    const renewed = run(
      [{ profiles: [codex(10 * H)] }, { profiles: [codex(9 * H, { refreshable: false })] }],
      first.memory,
    );
    expect(renewed.titles).toEqual([[], ['Codex login expires in 9h 0m']]);
  });

  it('skips thresholds a rotated short-lived token was born inside (Claude mints 8 h tokens)', () => {
    const claude = (remainingMs: number, expiresAt: string): ProfileView => ({
      ...codex(remainingMs, { expiresAt }),
      id: 'anthropic:claude-cli',
      provider: 'anthropic',
      source: 'claude-cli',
    });
    const a = new Date(NOW + 30 * H).toISOString();
    const b = new Date(NOW + 8 * H).toISOString();
    const { titles } = run([
      { profiles: [claude(30 * H, a)] },
      { profiles: [claude(8 * H, b)] }, // refreshed by Claude Code: born inside 24 h
      { now: NOW + 7.5 * H, profiles: [claude(0.5 * H, b)] },
    ]);
    expect(titles).toEqual([[], [], ['Claude login expires in 30m']]);
  });

  it('fires expired once per token, and says when the server rejected it', () => {
    const rejected = codex(5 * 24 * H, { status: 'expired', detail: 'rejected by server (401)' });
    const { titles, memory } = run([{ profiles: [rejected] }, { profiles: [rejected] }]);
    expect(titles).toEqual([['Codex login rejected by the server'], []]);
    const expired = codex(-H, { refreshable: false });
    expect(run([{ profiles: [expired] }], memory).titles).toEqual([['Codex login expired']]);
  });

  it('fires nothing for static keys or missing profiles', () => {
    const key: ProfileView = { ...codex(0), id: 'openai:env', type: 'api_key', status: 'static', expiresAt: null };
    const missing: ProfileView = { ...codex(0), status: 'missing', expiresAt: null, detail: 'auth.json is absent' };
    expect(run([{ profiles: [key, missing] }]).titles).toEqual([[]]);
  });

  it('fires nothing for a flapping file: expiring, unreadable, the same token again', () => {
    const token = codex(10 * H);
    const unreadable: ProfileView = { ...token, status: 'missing', detail: 'auth.json is not valid JSON' };
    const { titles } = run([{ profiles: [token] }, { profiles: [unreadable] }, { profiles: [token] }]);
    expect(titles).toEqual([['Codex login expires in 10h 0m'], [], []]);
  });

  it('keys the memory by a hash, never by anything secret-shaped', () => {
    const { memory } = run([{ profiles: [codex(10 * H)] }]);
    const identity = tokenIdentity(codex(10 * H));
    expect(identity).toMatch(/^[0-9a-f]{16}$/);
    expect(Object.keys(memory.fired)).toEqual([`expiring|openai-codex:codex-cli|${24 * H}|${identity}`]);
  });
});

describe('usage windows', () => {
  const r1 = '2026-11-25T15:00:00Z';
  const r2 = '2026-11-25T20:00:00Z';

  it('fires at 80 % and at 95 % used, once each per window', () => {
    const { titles } = run([
      { providers: [usage(50, r1)] },
      { providers: [usage(81, r1)] },
      { providers: [usage(85, r1)] },
      { providers: [usage(96, r1)] },
      { providers: [usage(97, r1)] },
    ]);
    expect(titles).toEqual([[], ['Codex 5h window 80% used'], [], ['Codex 5h window 95% used'], []]);
  });

  it('treats a reset time that wobbles by seconds as the same window', () => {
    const { titles } = run([{ providers: [usage(81, r1)] }, { providers: [usage(82, '2026-11-25T15:00:07Z')] }]);
    expect(titles).toEqual([['Codex 5h window 80% used'], []]);
  });

  it('announces the reset once, then fires the marks again in the new window', () => {
    const { titles } = run([
      { providers: [usage(96, r1)] },
      { providers: [usage(2, r2)] },
      { providers: [usage(3, r2)] },
      { providers: [usage(81, r2)] },
    ]);
    expect(titles).toEqual([
      ['Codex 5h window 95% used'],
      ['Codex 5h window has reset'],
      [],
      ['Codex 5h window 80% used'],
    ]);
  });

  it('ignores stale readings', () => {
    const stale = usage(99, r1);
    stale.usage!.stale = true;
    expect(run([{ providers: [stale] }]).titles).toEqual([[]]);
  });
});

describe('pace warnings', () => {
  const r1 = '2026-11-25T15:00:00Z';
  const r2 = '2026-11-25T20:00:00Z';
  /** A reading whose 5h window is paced to run out at `runOutAt` before the reset `resetAt`. */
  function paced(usedPercent: number, resetAt: string, runOutAt: string): ProviderView {
    const view = usage(usedPercent, resetAt);
    view.usage!.windows[0]!.pace = { kind: 'runs-out', ratePerHour: 30, runOutAt, resetAt };
    return view;
  }

  it('warns once per reset period when a window is projected to run out before its reset', () => {
    const { titles, memory } = run([
      { providers: [usage(40, r1)] },
      { providers: [paced(64, r1, '2026-11-25T13:12:00Z')] },
      { providers: [paced(70, '2026-11-25T15:00:06Z', '2026-11-25T13:00:00Z')] },
      { providers: [usage(5, r2)] },
      { providers: [paced(60, r2, '2026-11-25T18:00:00Z')] },
    ]);
    expect(titles).toEqual([
      [],
      ['Codex 5h window runs out before its reset'],
      [],
      [],
      ['Codex 5h window runs out before its reset'],
    ]);
    expect(Object.keys(memory.fired).filter((k) => k.startsWith('pace|'))).toHaveLength(2);
  });

  it('says how much is left and when it runs out, against the clock of the evaluation', () => {
    const result = evaluateNotifications(emptyMemory(), {
      providers: [paced(64, r1, '2026-11-25T13:12:00Z')],
      now: NOW,
      thresholds,
    });
    expect(result.events).toEqual([
      {
        id: `pace|openai-codex|5h|${Date.parse(r1)}`,
        level: 'warning',
        title: 'Codex 5h window runs out before its reset',
        body: 'Codex: 5h 36% left; at this pace it runs out in 1h 12m, 1h 48m before the reset.',
      },
    ]);
  });

  it('stays quiet for a pace that lasts, a run-out minutes before the reset, and a stale reading', () => {
    const lasts = usage(50, r1);
    lasts.usage!.windows[0]!.pace = { kind: 'lasts', ratePerHour: 5, projectedPercent: 65, resetAt: r1 };
    const stale = paced(64, r1, '2026-11-25T13:12:00Z');
    stale.usage!.stale = true;
    const { titles } = run([
      { providers: [lasts] },
      { providers: [paced(64, r1, '2026-11-25T14:55:00Z')] },
      { providers: [stale] },
    ]);
    expect(titles).toEqual([[], [], []]);
  });
});

describe('accounts (issue 17)', () => {
  const r1 = '2026-11-25T15:00:00Z';
  /** The default login at `defaultUsed` % and the `work` account ("Work") at `workUsed` %, its 5h window paced to run out early. */
  function withWork(defaultUsed: number, workUsed: number): ProviderView {
    const view = usage(defaultUsed, r1);
    const work = usage(workUsed, r1).usage!;
    work.windows[0]!.pace = { kind: 'runs-out', ratePerHour: 30, runOutAt: '2026-11-25T13:12:00Z', resetAt: r1 };
    view.accounts = [{ id: 'work', label: 'Work', status: 'ok', usage: work }];
    return view;
  }

  it("warns about an account's windows under its own id, apart from the default login's", () => {
    const result = evaluateNotifications(emptyMemory(), { providers: [withWork(10, 64)], now: NOW, thresholds });
    expect(result.events).toEqual([
      {
        id: `pace|openai-codex@work|5h|${Date.parse(r1)}`,
        level: 'warning',
        title: 'Codex (Work) 5h window runs out before its reset',
        body: 'Codex (Work): 5h 36% left; at this pace it runs out in 1h 12m, 1h 48m before the reset.',
      },
    ]);
  });

  it('crosses usage thresholds per account, once each, and the default login its own', () => {
    const { titles, memory } = run([
      { providers: [withWork(10, 85)] },
      { providers: [withWork(85, 85)] },
      { providers: [withWork(85, 85)] },
    ]);
    expect(titles).toEqual([
      ['Codex (Work) 5h window runs out before its reset', 'Codex (Work) 5h window 80% used'],
      ['Codex 5h window 80% used'],
      [],
    ]);
    expect(
      Object.keys(memory.fired)
        .filter((k) => k.startsWith('usage|'))
        .sort(),
    ).toEqual([`usage|openai-codex@work|5h|80|${Date.parse(r1)}`, `usage|openai-codex|5h|80|${Date.parse(r1)}`]);
  });

  it("skips a stale account reading but not the default login's fresh one", () => {
    const view = withWork(85, 99);
    view.accounts![0]!.usage!.stale = true;
    expect(run([{ providers: [view] }]).titles).toEqual([['Codex 5h window 80% used']]);
  });
});

describe('logins and memory', () => {
  it('announces a re-login that succeeded or failed, nothing for the steps between', () => {
    const base = { loginId: 'l1', profileId: 'anthropic:claude-cli' };
    expect(loginNotification({ ...base, state: 'waiting' })).toBeNull();
    expect(loginNotification({ ...base, state: 'succeeded' })?.title).toBe('Claude re-login succeeded');
    expect(loginNotification({ ...base, state: 'failed', error: 'Error logging in: denied' })).toMatchObject({
      title: 'Claude re-login failed',
      body: 'Error logging in: denied',
      action: 'relogin',
    });
  });

  it('prunes entries older than the retention', () => {
    const memory: NotifyMemory = { version: 1, fired: { old: NOW - 90 * 24 * H, fresh: NOW - H }, tokens: {} };
    expect(Object.keys(pruneMemory(memory, NOW).fired)).toEqual(['fresh']);
  });
});

describe('a token its CLI renews on use (issue 18)', () => {
  // Claude Code's access token, 2 h past its expiry: Claude Code refreshes it when it next runs.
  const renewable = (over: Partial<ProfileView> = {}): ProfileView => ({
    ...codex(-2 * H),
    id: 'anthropic:claude-cli',
    provider: 'anthropic',
    source: 'claude-cli',
    detail: 'token expired — Claude Code refreshes it on next use',
    ...over,
  });
  const apiKey = profileView({ id: 'anthropic:default', type: 'api_key', source: 'env', status: 'static' });
  const evaluate = (profiles: ProfileView[], agentProviders?: string[], memory = emptyMemory()) =>
    evaluateNotifications(memory, { profiles, now: NOW, thresholds, ...(agentProviders ? { agentProviders } : {}) });

  it('says what it is, once per token, and no "login expired" — nothing to re-login', () => {
    const first = evaluate([renewable(), apiKey], ['anthropic']);
    expect(first.events).toEqual([
      {
        id: expect.stringMatching(/^renews\|anthropic:claude-cli\|/),
        level: 'warning',
        title: "Claude's access token expired",
        body: "Claude's access token expired 2h 0m ago · Claude Code renews it on next use; the agent uses the fallback meanwhile.",
        profileId: 'anthropic:claude-cli',
      },
    ]);
    expect(evaluate([renewable(), apiKey], ['anthropic'], first.memory).events).toEqual([]);
    // The next token (Claude Code ran, then its new token lapsed too) is told about again.
    const next = renewable({ expiresAt: new Date(NOW - H).toISOString(), remainingMs: -H });
    expect(evaluate([next, apiKey], ['anthropic'], first.memory).events).toHaveLength(1);
  });

  it('without a fallback says the agent cannot use it, and names the stable path', () => {
    const [event] = evaluate([renewable()], ['openai-codex', 'anthropic']).events;
    expect(event?.body).toBe(
      "Claude's access token expired 2h 0m ago · Claude Code renews it on next use; until then the agent cannot use Claude (a gateway that runs alone: `clawbar auth add-token anthropic`).",
    );
  });

  it('fires nothing when the agent does not answer with that provider', () => {
    expect(evaluate([renewable()], ['openai-codex']).events).toEqual([]);
  });

  it('is a dead login again once its refresh fails or the server rejects it', () => {
    const failed = renewable({ refreshable: false, detail: 'refresh failed: refresh_token_reused — log in again' });
    expect(evaluate([failed], ['anthropic']).events.map((e) => e.title)).toEqual(['Claude login expired']);
    const rejected = renewable({ detail: 'rejected by server (401)' });
    expect(evaluate([rejected], ['anthropic']).events.map((e) => e.title)).toEqual([
      'Claude login rejected by the server',
    ]);
  });

  it('offers the device-code re-login on a login that has one', () => {
    const dead = codex(-H, { refreshable: false, deviceLogin: true });
    expect(evaluate([dead]).events[0]).toMatchObject({ action: 'relogin', deviceLogin: true });
    const claude = renewable({ refreshable: false, detail: 'token expired' });
    expect(evaluate([claude]).events[0]).not.toHaveProperty('deviceLogin');
  });
});
