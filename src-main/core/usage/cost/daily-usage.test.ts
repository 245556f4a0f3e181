// `usage.daily`: the CLIs' log buckets and the agent's turns per local day, provider, account and
// source, each model priced on its own; a model without a price adds tokens, never a guessed dollar.
import { describe, expect, it } from 'vitest';

import { buildDailyUsage } from './daily-usage.js';
import { createPriceTable } from './prices.js';

import type { AgentTurn } from '../history/types.js';
import type { LogSource, UsageBucket } from './types.js';

const HOUR = 3_600_000;
const NOW = new Date(2026, 10, 25, 12, 0, 0).getTime();
const hourOf = (at: number) => Math.floor(at / HOUR);

const bucket = (at: number, source: LogSource, model: string, input: number, output: number, cached = 0) =>
  ({
    hour: hourOf(at),
    source,
    model,
    input,
    cached,
    cacheWrite: 0,
    output,
    reasoning: 0,
    requests: 1,
  }) satisfies UsageBucket & {
    source: LogSource;
  };

describe('buildDailyUsage', () => {
  it('sums logs and agent turns per day, provider, account and source, priced per model', () => {
    const prices = createPriceTable({ 'my-model': { input: 1, output: 2 } });
    const turns: AgentTurn[] = [
      {
        at: NOW - HOUR,
        profile: 'anthropic:claude-cli@home',
        model: 'anthropic/claude-sonnet-4-5',
        inputTokens: 1_000_000,
        outputTokens: 0,
        cachedTokens: 0,
        latencyMs: 1,
        outcome: 'ok',
      },
    ];
    const view = buildDailyUsage({
      now: NOW,
      days: 3,
      buckets: [
        bucket(NOW - 2 * HOUR, 'codex', 'my-model', 1_000_000, 1_000_000),
        bucket(NOW - 2 * HOUR, 'codex', 'mystery-model', 500, 20),
        bucket(NOW - 24 * HOUR, 'claude', 'claude-sonnet-4-5', 0, 1_000_000),
        bucket(NOW - 10 * 24 * HOUR, 'codex', 'my-model', 9, 9), // before the period
      ],
      turns,
      prices,
    });
    expect(view.days).toEqual(['2026-11-23', '2026-11-24', '2026-11-25']);
    expect(view.pricesUpdated).toBe(prices.updated);
    expect(view.rows).toEqual([
      {
        day: '2026-11-24',
        provider: 'anthropic',
        account: '',
        source: 'claude',
        inputTokens: 0,
        cachedInputTokens: 0,
        outputTokens: 1_000_000,
        costUsd: 15,
        unpricedTokens: 0,
      },
      {
        day: '2026-11-25',
        provider: 'anthropic',
        account: 'home',
        source: 'agent',
        inputTokens: 1_000_000,
        cachedInputTokens: 0,
        outputTokens: 0,
        costUsd: 3,
        unpricedTokens: 0,
      },
      {
        day: '2026-11-25',
        provider: 'openai-codex',
        account: '',
        source: 'codex',
        inputTokens: 1_000_500,
        cachedInputTokens: 0,
        outputTokens: 1_000_020,
        // The priced model's 1 + 2 dollars; the unpriced one's tokens are named, not priced.
        costUsd: 3,
        unpricedTokens: 520,
      },
    ]);
  });

  it('gives a row of only unpriced models no dollar figure', () => {
    const view = buildDailyUsage({
      now: NOW,
      days: 1,
      buckets: [bucket(NOW - HOUR, 'claude', 'claude-from-the-future', 10, 5)],
      turns: [],
      prices: createPriceTable(),
    });
    expect(view.rows[0]).toMatchObject({ costUsd: null, unpricedTokens: 15 });
  });
});
