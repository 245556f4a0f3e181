// Routing by usage left (issue 17), turn by turn against the real SDK stand-ins on loopback: the
// agent with two Codex logins (the default home and an account), usage windows as the poller would
// hand them over, cooldowns and the decision log in a real state dir.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startFakeLlmServer, type FakeLlmServer } from '../../../test/fixtures/fake-llm-server.js';
import { memoryAuth } from '../../../test/fixtures/memory-auth.js';
import { makeTempHome, type TempHome } from '../../../test/fixtures/temp-home.js';
import { fixedConfig } from '../config/config-source.js';
import { resolveConfig } from '../config/load.js';
import { resolveEndpoints } from '../config/paths.js';

import { createAgent } from './agent.js';
import { formatDecision, readDecisions } from './decision-log.js';
import { routeTurn } from './routing.js';

import type { NamedLimit, ProfileView, ProviderUsage, UsageWindow } from '../../../src-shared/protocol/index.js';
import type { ConfigFile } from '../config/schema.js';
import type { AccountSwitch } from './types.js';

const DEFAULT = 'openai-codex:codex-cli';
const WORK = 'openai-codex:codex-cli@work';

/** Usage with a 5-hour window `left` % left and a roomy week. */
function usage(left: number, resetAt = '2026-11-25T15:00:00.000Z'): ProviderUsage {
  return {
    windows: [
      { label: '5h', windowSeconds: 18000, usedPercent: 100 - left, leftPercent: left, resetAt },
      { label: 'Week', windowSeconds: 604800, usedPercent: 10, leftPercent: 90, resetAt: null },
    ],
    fetchedAt: '2026-11-25T12:00:00.000Z',
    stale: false,
    error: null,
  };
}

const NOW = Date.parse('2026-11-25T12:00:00Z');

/** A window `left` % left, optionally projected by its pace to run out `runsOutInMs` from NOW. */
function win(label: string, left: number, runsOutInMs?: number, model?: string): UsageWindow {
  return {
    label,
    windowSeconds: label === '5h' ? 18000 : 604800,
    usedPercent: 100 - left,
    leftPercent: left,
    resetAt: '2026-11-25T15:00:00.000Z',
    ...(runsOutInMs === undefined
      ? {}
      : {
          pace: {
            kind: 'runs-out' as const,
            ratePerHour: 600,
            runOutAt: new Date(NOW + runsOutInMs).toISOString(),
            resetAt: '2026-11-25T15:00:00.000Z',
          },
        }),
    ...(model ? { model } : {}),
  };
}

function reading(windows: UsageWindow[], limits?: NamedLimit[]): ProviderUsage {
  return { windows, ...(limits ? { limits } : {}), fetchedAt: '2026-11-25T12:00:00.000Z', stale: false, error: null };
}

const spark = (left: number): NamedLimit => ({
  id: 'codex_spark',
  name: 'GPT-5.3-Codex-Spark',
  windows: [win('5h', left)],
});

describe('routeTurn', () => {
  const view = (id: string, status: ProfileView['status'] = 'ok') =>
    ({ id, provider: 'openai-codex', status }) as ProfileView;
  const base = {
    order: [DEFAULT, WORK],
    profiles: [view(DEFAULT), view(WORK)],
    coolingMs: () => 0,
    current: null,
  };

  it('keeps the configured order with strategy order, whatever the usage', () => {
    const usageOf = (id: string) => (id === DEFAULT ? usage(0) : usage(80));
    expect(routeTurn({ ...base, strategy: 'order', usageOf })).toEqual({ tries: [DEFAULT, WORK], skipped: [] });
  });

  it('tries the most headroom first, skips a used-up window, expired and cooling profiles, and says why', () => {
    const usageOf = (id: string) => ({ [DEFAULT]: usage(0), [WORK]: usage(40) })[id] ?? null;
    expect(routeTurn({ ...base, strategy: 'headroom', usageOf })).toEqual({
      tries: [WORK],
      skipped: [{ profileId: DEFAULT, reason: '5h 0% left' }],
    });
    const three = {
      ...base,
      order: [DEFAULT, WORK, 'openai-codex:codex-cli@spare', 'openai-codex:default'],
      profiles: [
        view(DEFAULT),
        view(WORK),
        view('openai-codex:codex-cli@spare', 'expired'),
        view('openai-codex:default'),
      ],
      coolingMs: (id: string) => (id === DEFAULT ? 90_000 : 0),
      usageOf: (id: string) => (id === 'openai-codex:default' ? null : usage(30)),
    };
    expect(routeTurn({ ...three, strategy: 'headroom' })).toEqual({
      // Unknown headroom (no windows) after the known ones.
      tries: [WORK, 'openai-codex:default'],
      skipped: [
        { profileId: DEFAULT, reason: 'cooling down 2m' },
        { profileId: 'openai-codex:codex-cli@spare', reason: 'expired' },
      ],
    });
  });

  it('skips a window projected to run out within a turn, naming it and when', () => {
    const usageOf = (id: string) =>
      id === DEFAULT ? reading([win('5h', 60), win('Week', 50, 3 * 60_000)]) : reading([win('5h', 40)]);
    expect(routeTurn({ ...base, strategy: 'headroom', now: NOW, usageOf })).toEqual({
      tries: [WORK],
      skipped: [{ profileId: DEFAULT, reason: 'Week runs out in 3m' }],
    });
    // Running out after the turn's horizon (5 minutes) is the pace notification's business, not routing's.
    const later = (id: string) =>
      id === DEFAULT ? reading([win('5h', 60), win('Week', 50, 6 * 60_000)]) : reading([win('5h', 40)]);
    expect(routeTurn({ ...base, strategy: 'headroom', now: NOW, usageOf: later }).tries).toEqual([DEFAULT, WORK]);
  });

  it('routes by the named limit that applies to the model, and by the plan for the others', () => {
    const usageOf = (id: string) =>
      id === DEFAULT ? reading([win('5h', 80)], [spark(0)]) : reading([win('5h', 50)], [spark(60)]);
    const route = (model: string, serverLimit: string | null = null) =>
      routeTurn({ ...base, strategy: 'headroom', now: NOW, usageOf, model, serverLimit });
    // Tied by its name until a server says otherwise.
    expect(route('gpt-5.3-codex-spark')).toEqual({
      tries: [WORK],
      skipped: [{ profileId: DEFAULT, reason: 'GPT-5.3-Codex-Spark 5h 0% left' }],
    });
    expect(route('gpt-6.1-sol')).toEqual({ tries: [DEFAULT, WORK], skipped: [] });
    // The server named the limit a model counts against (x-codex-active-limit): that wins over names.
    expect(route('gpt-6-astra', 'codex_spark').tries).toEqual([WORK]);
    // A limit id that is none of the login's named limits (the plan's own: `codex`, `premium`) reads the plan's windows.
    expect(route('gpt-5.3-codex-spark', 'premium')).toEqual({ tries: [DEFAULT, WORK], skipped: [] });
  });

  it("bounds only Opus turns by Claude's Week Opus window", () => {
    const claude = { ...base, order: ['anthropic:claude-cli', 'anthropic:claude-cli@work'] };
    const profiles = [
      { id: 'anthropic:claude-cli', provider: 'anthropic', status: 'ok' },
      { id: 'anthropic:claude-cli@work', provider: 'anthropic', status: 'ok' },
    ] as ProfileView[];
    const usageOf = (id: string) =>
      id === 'anthropic:claude-cli'
        ? reading([win('5h', 90), win('Week', 70), win('Week Opus', 0, undefined, 'opus')])
        : reading([win('5h', 40), win('Week', 40)]);
    const route = (model: string) => routeTurn({ ...claude, profiles, strategy: 'headroom', now: NOW, usageOf, model });
    expect(route('claude-opus-4-5')).toEqual({
      tries: ['anthropic:claude-cli@work'],
      skipped: [{ profileId: 'anthropic:claude-cli', reason: 'Week Opus 0% left' }],
    });
    expect(route('claude-sonnet-4-5').tries).toEqual(['anthropic:claude-cli', 'anthropic:claude-cli@work']);
  });

  it('keeps the current profile on a near tie, and leaves it for clearly more headroom', () => {
    const route = (defaultLeft: number) =>
      routeTurn({
        ...base,
        strategy: 'headroom',
        current: WORK,
        usageOf: (id) => (id === DEFAULT ? usage(defaultLeft) : usage(60)),
      }).tries[0];
    expect(route(65)).toBe(WORK);
    expect(route(66)).toBe(DEFAULT);
  });
});

describe('the agent routing by headroom', () => {
  let server: FakeLlmServer;
  let home: TempHome;
  let clock: number;
  let windows: Record<string, ProviderUsage>;
  beforeEach(async () => {
    server = await startFakeLlmServer();
    home = makeTempHome();
    clock = Date.parse('2026-11-25T12:00:00Z');
    windows = {};
  });
  afterEach(async () => {
    await server.close();
    home.cleanup();
  });

  const stateDir = () => path.join(home.clawbarHome, 'state');
  const { auth } = memoryAuth([
    { id: DEFAULT, status: 'ok', credential: { type: 'oauth', accessToken: 'default-token', accountId: 'acct-1' } },
    { id: WORK, status: 'ok', credential: { type: 'oauth', accessToken: 'work-token', accountId: 'acct-2' } },
  ]);
  let switches: AccountSwitch[] = [];
  function makeAgent(file: ConfigFile = {}) {
    const env = { ...home.env, CLAWBAR_CHATGPT_BASE_URL: server.chatgptBaseUrl };
    switches = [];
    return createAgent({
      onSwitch: (event) => switches.push(event),
      config: fixedConfig(resolveConfig({ auth: { strategy: 'headroom' }, ...file }, env)),
      auth,
      sessionsDir: path.join(home.clawbarHome, 'sessions'),
      stateDir: stateDir(),
      endpoints: resolveEndpoints(env),
      requestTimeoutMs: 10_000,
      now: () => clock,
      usage: () => windows,
    });
  }
  const ask = async (agent: ReturnType<typeof createAgent>, sessionKey = 's') =>
    (await agent.send({ sessionKey, message: 'hi' }).done).profileId;
  const modelOf = (n: number) => server.requests.filter((r) => r.path.endsWith('/codex/responses'))[n]?.body.model;
  const sentWith = (token: string) => server.requests.filter((r) => r.credential === token).length;

  it('skips an account whose window is used up before it answers 429, and logs why', async () => {
    windows = { 'openai-codex': usage(0), 'openai-codex@work': usage(40) };
    const agent = makeAgent();
    expect(await ask(agent)).toBe(WORK);
    expect(sentWith('default-token')).toBe(0);
    await agent.close();
    const saved = await readDecisions(path.join(stateDir(), 'agent-log.json'));
    expect(saved.map(formatDecision)).toEqual([
      'turn 1: openai-codex:codex-cli@work (5h 40% left) — openai-codex:codex-cli skipped: 5h 0% left',
    ]);
  });

  it('skips an account whose window is projected to run out before it answers 429', async () => {
    // The default login has more left, but at its pace it runs out within the turn.
    windows = {
      'openai-codex': reading([win('5h', 60, 2 * 60_000), win('Week', 80)]),
      'openai-codex@work': reading([win('5h', 40), win('Week', 80)]),
    };
    server.behave('default-token', { kind: 'usage-limit', resetsInSeconds: 3600 });
    const agent = makeAgent();
    expect(await ask(agent)).toBe(WORK);
    expect(sentWith('default-token')).toBe(0);
    await agent.close();
    expect((await readDecisions(path.join(stateDir(), 'agent-log.json'))).map(formatDecision)).toEqual([
      'turn 1: openai-codex:codex-cli@work (5h 40% left) — openai-codex:codex-cli skipped: 5h runs out in 2m',
    ]);
  });

  it('routes a turn of a model whose named limit is used up away, and keeps another model’s', async () => {
    windows = {
      'openai-codex': reading([win('5h', 80)], [spark(0)]),
      'openai-codex@work': reading([win('5h', 50)], [spark(60)]),
    };
    const sparkAgent = makeAgent({ agent: { model: 'openai-codex/gpt-5.3-codex-spark' } });
    expect(await ask(sparkAgent, 'a')).toBe(WORK);
    await sparkAgent.close();
    const solAgent = makeAgent({ agent: { model: 'openai-codex/gpt-6.1-sol' } });
    expect(await ask(solAgent, 'b')).toBe(DEFAULT);
    expect([modelOf(0), modelOf(1)]).toEqual(['gpt-5.3-codex-spark', 'gpt-6.1-sol']);
    await solAgent.close();
    expect(sentWith('default-token')).toBe(1);
    expect((await readDecisions(path.join(stateDir(), 'agent-log.json'))).map(formatDecision)).toEqual([
      'turn 1: openai-codex:codex-cli@work (GPT-5.3-Codex-Spark 5h 60% left) — openai-codex:codex-cli skipped: GPT-5.3-Codex-Spark 5h 0% left',
      'turn 2: openai-codex:codex-cli (5h 80% left)',
    ]);
  });

  it('learns from the backend which named limit a model counts against, and cools only that model on its quota', async () => {
    windows = {
      'openai-codex': reading([win('5h', 80)], [spark(30)]),
      'openai-codex@work': reading([win('5h', 50)], [spark(60)]),
    };
    // A model whose name says nothing of the limit; the backend names it on every answer.
    server.activeLimits['gpt-6-astra'] = 'codex_spark';
    const agent = makeAgent({ agent: { model: 'openai-codex/gpt-6-astra' } });
    // Nothing known yet: the plan's windows, so the default login (80 %) answers — and the header teaches.
    expect(await ask(agent, 'a')).toBe(DEFAULT);
    // Now its Spark limit (30 %) against the account's (60 %).
    expect(await ask(agent, 'b')).toBe(WORK);
    // The account's Spark quota runs out: a 429 naming the limit rests it for this model only.
    server.behave('work-token', { kind: 'usage-limit', resetsInSeconds: 600 });
    expect(await ask(agent, 'c')).toBe(DEFAULT);
    await agent.close();
    const saved = JSON.parse(await readFile(path.join(stateDir(), 'cooldowns.json'), 'utf8')) as {
      cooldowns: { profileId: string; model: string }[];
    };
    expect(saved.cooldowns.map((c) => [c.profileId, c.model])).toEqual([[WORK, 'openai-codex/gpt-6-astra']]);
  });

  it('tells of a switch once, when a provider’s turns leave an account that ran out', async () => {
    windows = { 'openai-codex': usage(60), 'openai-codex@work': usage(40) };
    const agent = makeAgent();
    expect(await ask(agent, 'a')).toBe(DEFAULT);
    windows = { 'openai-codex': usage(0), 'openai-codex@work': usage(40) };
    expect(await ask(agent, 'a')).toBe(WORK);
    expect(await ask(agent, 'b')).toBe(WORK);
    expect(await ask(agent, 'a')).toBe(WORK);
    expect(switches).toEqual([{ provider: 'openai-codex', from: DEFAULT, to: WORK, reason: '5h 0% left' }]);
    // Back once the window resets, and a move for no shortage is no switch to tell of.
    windows = { 'openai-codex': usage(100), 'openai-codex@work': usage(40) };
    expect(await ask(agent, 'c')).toBe(DEFAULT);
    expect(switches).toHaveLength(1);
    await agent.close();
  });

  it('sticks to the session’s account on a near tie and moves when another has clearly more left', async () => {
    windows = { 'openai-codex': usage(30), 'openai-codex@work': usage(70) };
    const agent = makeAgent();
    expect(await ask(agent)).toBe(WORK);
    windows = { 'openai-codex': usage(73), 'openai-codex@work': usage(70) };
    expect(await ask(agent)).toBe(WORK);
    // Another conversation has no current profile: the most headroom wins.
    expect(await ask(agent, 'other')).toBe(DEFAULT);
    windows = { 'openai-codex': usage(90), 'openai-codex@work': usage(70) };
    expect(await ask(agent)).toBe(DEFAULT);
    await agent.close();
  });

  it('cools a 429 down for that model only, and the cooldown survives a restart', async () => {
    windows = { 'openai-codex': usage(50), 'openai-codex@work': usage(80) };
    server.behave('work-token', { kind: 'rate-limit', retryAfter: '600' });
    const agent = makeAgent();
    expect(await ask(agent)).toBe(DEFAULT);
    expect(sentWith('work-token')).toBe(1);
    await agent.close();

    server.behave('work-token', { kind: 'answer' });
    clock += 60_000;
    const restarted = makeAgent();
    expect(await ask(restarted, 'new')).toBe(DEFAULT);
    expect(sentWith('work-token')).toBe(1);
    await restarted.close();
    // Another model is not cooled down.
    const otherModel = makeAgent({ agent: { model: 'openai-codex/gpt-6-astra' } });
    expect(await ask(otherModel, 'new')).toBe(WORK);
    await otherModel.close();
    // Once Retry-After has passed the account answers again for the first model too.
    clock += 541_000;
    const later = makeAgent();
    expect(await ask(later, 'fresh')).toBe(WORK);
    await later.close();
    const log = (await readDecisions(path.join(stateDir(), 'agent-log.json'))).map(formatDecision);
    expect(log[0]).toBe(
      'turn 1: openai-codex:codex-cli (5h 50% left) — openai-codex:codex-cli@work skipped: 429, cooling down 10m',
    );
    expect(log[1]).toBe(
      'turn 2: openai-codex:codex-cli (5h 50% left) — openai-codex:codex-cli@work skipped: cooling down 9m',
    );
  });

  it('answers /usage and /status from what the gateway holds, without asking a model or keeping a turn', async () => {
    windows = { 'openai-codex': usage(50), 'openai-codex@work': usage(80) };
    const agent = makeAgent();
    const usageRun = await agent.send({ sessionKey: 'chat', message: ' /usage ' }).done;
    expect(usageRun.ok).toBe(true);
    expect(usageRun.text.split('\n')).toEqual([
      'openai-codex usage: 5h 50% left ⏱3h 0m · Week 90% left',
      'openai-codex@work usage: 5h 80% left ⏱3h 0m · Week 90% left',
    ]);
    const statusRun = await agent.send({ sessionKey: 'chat', message: '/status' }).done;
    expect(statusRun.text).toBe('openai-codex:codex-cli ok\nopenai-codex:codex-cli@work ok');
    expect(server.requests).toHaveLength(0);
    // No turn was kept: the next message is the session's first.
    expect((await agent.send({ sessionKey: 'chat', message: 'hello' }).done).text).toBe('you said: hello (1 messages)');
    await agent.close();
  });

  it('rests an account out of quota for every model until its window resets, as the server says', async () => {
    // The usage windows were read earlier; the server's own reset time is the newer word.
    windows = { 'openai-codex': usage(50), 'openai-codex@work': usage(80, '2026-11-25T13:00:00.000Z') };
    server.behave('work-token', { kind: 'usage-limit', resetsInSeconds: 7200 });
    const agent = makeAgent();
    expect(await ask(agent)).toBe(DEFAULT);
    await agent.close();
    server.behave('work-token', { kind: 'answer' });
    const otherModel = makeAgent({ agent: { model: 'openai-codex/gpt-6-astra' } });
    clock += 3_600_000;
    expect(await ask(otherModel, 'b')).toBe(DEFAULT);
    await otherModel.close();
    const saved = JSON.parse(await readFile(path.join(stateDir(), 'cooldowns.json'), 'utf8')) as {
      cooldowns: { profileId: string; model: string; until: number }[];
    };
    expect(saved.cooldowns).toEqual([{ profileId: WORK, model: '*', until: Date.parse('2026-11-25T14:00:00.000Z') }]);
    clock = Date.parse('2026-11-25T14:00:01Z');
    const after = makeAgent();
    expect(await ask(after, 'c')).toBe(WORK);
    await after.close();
  });
});
