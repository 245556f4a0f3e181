// Notifications about routing between accounts (issue 17): a switch told in the user's words, and
// every login of the agent's provider used up, once per episode, with the first one back.
import { describe, expect, it } from 'vitest';

import { profileView, usage } from '../../../test/fixtures/views.js';

import { emptyMemory, evaluateNotifications, type NotifyMemory } from './policy.js';
import { switchNotification } from './routing-notices.js';

import type { NamedLimit, UsageWindow } from '../../../src-shared/protocol/index.js';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-25T12:00:00Z');
const thresholds = { expiringMs: [], usageUsedPercent: [] };

const window = (label: string, left: number, resetInMs: number | null = HOUR): UsageWindow => ({
  label,
  windowSeconds: label === '5h' ? 18_000 : 604_800,
  usedPercent: 100 - left,
  leftPercent: left,
  resetAt: resetInMs === null ? null : new Date(NOW + resetInMs).toISOString(),
});

describe('switchNotification', () => {
  const profiles = [
    profileView({ id: 'openai-codex:codex-cli@work', account: 'work', accountLabel: 'Work' }),
    profileView({ id: 'openai-codex:codex-cli@personal', account: 'personal', accountLabel: 'Personal' }),
  ];

  it('names where the agent went and why it left, in words', () => {
    const from = 'openai-codex:codex-cli@work';
    const to = 'openai-codex:codex-cli@personal';
    expect(switchNotification({ provider: 'openai-codex', from, to, reason: 'Week 0% left' }, profiles, NOW)).toEqual({
      id: `switch|openai-codex|${from}|${to}|${NOW}`,
      level: 'warning',
      title: 'Codex switched to Personal',
      body: "Work's Week window is used up.",
      profileId: to,
    });
    const text = (reason: string, fromId = from) =>
      switchNotification({ provider: 'openai-codex', from: fromId, to, reason }, profiles, NOW).body;
    expect(text('GPT-5.3-Codex-Spark 5h runs out in 3m')).toBe("Work's GPT-5.3-Codex-Spark 5h window runs out in 3m.");
    expect(text('out of quota, cooling down 2h')).toBe("Work's quota is used up.");
    expect(text('5h 0% left', 'openai-codex:codex-cli')).toBe("The default login's 5h window is used up.");
  });
});

describe('all logins of the agent’s provider used up', () => {
  const agentModel = 'openai-codex/gpt-6.1-sol';
  const spark = (left: number): NamedLimit => ({
    id: 'codex_spark',
    name: 'GPT-5.3-Codex-Spark',
    windows: [window('5h', left)],
  });
  const state = (defaultLeft: number, workLeft: number, personalLeft: number, limits?: NamedLimit[]) => [
    {
      provider: 'openai-codex',
      usage: usage({ windows: [window('5h', defaultLeft, 3 * HOUR), window('Week', 50, 90 * HOUR)] }),
      accounts: [
        {
          id: 'work',
          label: 'Work',
          status: 'ok' as const,
          usage: usage({ windows: [window('5h', workLeft, 2 * HOUR), window('Week', 0, 30 * HOUR)] }),
        },
        {
          id: 'personal',
          label: 'Personal',
          status: 'ok' as const,
          usage: usage({ windows: [window('5h', personalLeft, 2.5 * HOUR)], ...(limits ? { limits } : {}) }),
        },
      ],
    },
  ];
  const run = (memory: NotifyMemory, providers: ReturnType<typeof state>, model = agentModel, now = NOW) =>
    evaluateNotifications(memory, { providers, now, thresholds, agentModel: model });

  it('tells once, naming the login back first (after all its used-up windows reset) and when', () => {
    expect(run(emptyMemory(), state(0, 0, 60)).events).toEqual([]);
    const first = run(emptyMemory(), state(0, 0, 0));
    // Work's 5h resets in 2 h but its week only in 30 h; Personal is back in 2 h 30 m, the default login in 3 h.
    expect(first.events).toEqual([
      {
        id: `exhausted|openai-codex|${NOW + 2.5 * HOUR}`,
        level: 'critical',
        title: 'Every Codex login is used up',
        body: 'The agent has no Codex login with usage left for gpt-6.1-sol; Personal is back first, in 2h 30m (14:30 UTC).',
      },
    ]);
    // The same episode, read again a minute later: said already.
    expect(run(first.memory, state(0, 0, 0), agentModel, NOW + 60_000).events).toEqual([]);
  });

  it('says nothing for another provider’s model, and reads the windows bounding the agent’s model', () => {
    expect(run(emptyMemory(), state(0, 0, 0), 'anthropic/claude-sonnet-4-5').events).toEqual([]);
    // Personal's plan is used up, but the Spark model counts against its Spark limit, which has room.
    expect(run(emptyMemory(), state(0, 0, 0, [spark(40)]), 'openai-codex/gpt-5.3-codex-spark').events).toEqual([]);
    expect(
      run(emptyMemory(), state(0, 0, 0, [spark(0)]), 'openai-codex/gpt-5.3-codex-spark').events.map((e) => e.body),
    ).toEqual([
      'The agent has no Codex login with usage left for gpt-5.3-codex-spark; Personal is back first, in 1h 0m (13:00 UTC).',
    ]);
  });

  it('says nothing while a usable account has no reading yet', () => {
    const providers = state(0, 0, 0);
    providers[0]!.accounts.push({ id: 'spare', label: 'Spare', status: 'ok', usage: null as never });
    expect(run(emptyMemory(), providers).events).toEqual([]);
  });
});
