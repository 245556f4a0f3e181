// `usage.turns`: turns per profile per local day or hour, answered vs failed, the account from the
// profile id, and the quiet profiles summed as `other` so the answer stays bounded.
import { describe, expect, it } from 'vitest';

import { bucketStarts, buildTurnSeries, profileParts } from './turn-series.js';

import type { AgentTurn } from './types.js';

const HOUR = 3_600_000;
// Local noon, wherever the tests run: the day buckets are local days.
const NOW = new Date(2026, 10, 25, 12, 0, 0).getTime();

const turn = (at: number, profile: string, outcome = 'ok', tokens = 100): AgentTurn => ({
  at,
  profile,
  model: 'openai-codex/gpt-6.1-sol',
  inputTokens: tokens,
  outputTokens: 10,
  cachedTokens: 0,
  latencyMs: 900,
  outcome,
});

describe('buildTurnSeries', () => {
  it('counts answered turns and failed attempts per profile and local day', () => {
    const today = NOW - HOUR;
    const yesterday = NOW - 24 * HOUR;
    const view = buildTurnSeries(
      [
        turn(yesterday, 'openai-codex:codex-cli'),
        turn(today, 'openai-codex:codex-cli@work', 'rate-limited', 0),
        turn(today, 'openai-codex:codex-cli'),
        turn(today, 'anthropic:claude-cli'),
        turn(NOW - 30 * 24 * HOUR, 'openai-codex:codex-cli'), // before the period
      ],
      { now: NOW, days: 7, bucket: 'day' },
    );
    expect(view.bucket).toBe('day');
    expect(view.buckets).toHaveLength(7);
    expect(new Date(view.buckets[6]!).getDate()).toBe(25);
    expect(new Date(view.buckets[0]!).getHours()).toBe(0);
    const codex = view.series.find((s) => s.profile === 'openai-codex:codex-cli')!;
    expect(codex).toMatchObject({ provider: 'openai-codex', account: '' });
    expect(codex.ok.slice(5)).toEqual([1, 1]);
    expect(codex.tokens.slice(5)).toEqual([110, 110]);
    const work = view.series.find((s) => s.profile === 'openai-codex:codex-cli@work')!;
    expect(work).toMatchObject({ provider: 'openai-codex', account: 'work' });
    expect(work.failed[6]).toBe(1);
    expect(work.ok[6]).toBe(0);
    // The busiest first.
    expect(view.series[0]!.profile).toBe('openai-codex:codex-cli');
  });

  it('buckets by hour over the last day', () => {
    const view = buildTurnSeries([turn(NOW - 90 * 60_000, 'anthropic:claude-cli'), turn(NOW, 'anthropic:claude-cli')], {
      now: NOW,
      days: 1,
      bucket: 'hour',
    });
    expect(view.buckets).toHaveLength(24);
    expect(view.buckets[23]).toBe(NOW);
    // 10:30 in the 10:00 bucket, noon in the last.
    expect(view.series[0]!.ok.slice(21)).toEqual([1, 0, 1]);
  });

  it('sums the profiles beyond the busiest ones as `other`', () => {
    const turns = Array.from({ length: 5 }, (_, i) =>
      Array.from({ length: 5 - i }, () => turn(NOW, `openai:p${i}`)),
    ).flat();
    const view = buildTurnSeries(turns, { now: NOW, days: 1, bucket: 'day', maxSeries: 3 });
    expect(view.series.map((s) => [s.profile, s.ok[0]])).toEqual([
      ['openai:p0', 5],
      ['openai:p1', 4],
      ['other', 3 + 2 + 1],
    ]);
  });
});

describe('profileParts / bucketStarts', () => {
  it('reads the account after the @ of a profile id only', () => {
    expect(profileParts('openai-codex:codex-cli@work')).toEqual({ provider: 'openai-codex', account: 'work' });
    expect(profileParts('whatsapp:+15550100')).toEqual({ provider: 'whatsapp', account: '' });
  });

  it('gives local midnights for days, oldest first', () => {
    const starts = bucketStarts(NOW, 3, 'day');
    expect(starts.map((s) => new Date(s).getDate())).toEqual([23, 24, 25]);
    expect(starts.every((s) => new Date(s).getHours() === 0)).toBe(true);
  });
});
