import { describe, expect, it } from 'vitest';

import { dailySeries, dayLabel, turnsSeries } from './chart-data';
import { dayTicks, linearScale, linePath, niceMax, stackBars, timeTicks } from './geometry';
import { describeWindow, projectionEnd } from './window-chart';

import type { WindowHistoryView } from '../../../src-shared/protocol/index';

const H = 3_600_000;

describe('chart geometry', () => {
  it('scales linearly, and a zero-width domain to the range start', () => {
    const x = linearScale([100, 200], [0, 50]);
    expect([x(100), x(150), x(200)]).toEqual([0, 25, 50]);
    expect(linearScale([5, 5], [10, 20])(5)).toBe(10);
  });

  it('breaks the line where the samples stop for longer than the gap', () => {
    const identity = (v: number) => v;
    const d = linePath(
      [
        [0, 1],
        [10, 2],
        [100, 3],
        [105, 4],
      ],
      identity,
      identity,
      50,
    );
    expect(d).toBe('M0,1L10,2M100,3L105,4');
  });

  it('ticks at local midnights after the start, thinned to the room there is', () => {
    const start = new Date(2026, 10, 20, 13, 0).getTime();
    const end = new Date(2026, 10, 27, 9, 0).getTime();
    const ticks = dayTicks(start, end, 10);
    expect(ticks.map((t) => new Date(t).getDate())).toEqual([21, 22, 23, 24, 25, 26, 27]);
    expect(ticks.every((t) => new Date(t).getHours() === 0)).toBe(true);
    expect(dayTicks(start, end, 3).map((t) => new Date(t).getDate())).toEqual([21, 24, 27]);
  });

  it('ticks whole hours over two days or less, as far apart as the room needs', () => {
    const start = new Date(2026, 10, 25, 5, 20).getTime();
    const end = new Date(2026, 10, 25, 12, 40).getTime();
    expect(timeTicks(start, end, 10).map((t) => t.label)).toEqual([
      '06:00',
      '07:00',
      '08:00',
      '09:00',
      '10:00',
      '11:00',
      '12:00',
    ]);
    expect(timeTicks(start, end, 3).map((t) => t.label)).toEqual(['06:00', '09:00', '12:00']);
    expect(timeTicks(start, start + 5 * 24 * H, 10).every((t) => new Date(t.at).getHours() === 0)).toBe(true);
  });

  it('stacks the series per category, skipping zeros, and finds a round top', () => {
    const { segments, max } = stackBars(
      [
        { key: 'a', label: 'A', values: [1, 0, 3] },
        { key: 'b', label: 'B', values: [2, 5, 0] },
      ],
      3,
    );
    expect(segments).toEqual([
      { key: 'a', category: 0, from: 0, to: 1 },
      { key: 'b', category: 0, from: 1, to: 3 },
      { key: 'b', category: 1, from: 0, to: 5 },
      { key: 'a', category: 2, from: 0, to: 3 },
    ]);
    expect(max).toBe(5);
    expect([niceMax(0), niceMax(3), niceMax(5), niceMax(7), niceMax(1234)]).toEqual([1, 5, 5, 10, 2000]);
  });
});

describe('chart data', () => {
  const NOW = new Date(2026, 10, 25, 12, 0).getTime();
  const window = (over: Partial<WindowHistoryView>): WindowHistoryView => ({
    provider: 'openai-codex',
    account: '',
    limit: '',
    label: '5h',
    windowSeconds: 18_000,
    points: [
      [NOW - 5 * H, 80],
      [NOW - 4 * H, 98],
      [NOW - 2 * H, 4],
      [NOW, 64],
    ],
    resets: [{ at: NOW - 3 * H, previousUsedPercent: 98 }],
    resetAt: NOW + 3 * H,
    ...over,
  });

  it('projects a window that runs out to 100 % at its run-out time, one that lasts to its reset', () => {
    const runOutAt = new Date(NOW + 72 * 60_000).toISOString();
    const resetAt = new Date(NOW + 3 * H).toISOString();
    expect(projectionEnd(window({ pace: { kind: 'runs-out', ratePerHour: 30, runOutAt, resetAt } }))).toEqual([
      NOW + 72 * 60_000,
      100,
    ]);
    expect(projectionEnd(window({ pace: { kind: 'lasts', ratePerHour: 5, projectedPercent: 79, resetAt } }))).toEqual([
      NOW + 3 * H,
      79,
    ]);
    expect(projectionEnd(window({}))).toBeNull();
  });

  it('says the chart in words: now, the peak, the resets and the pace', () => {
    const pace = {
      kind: 'runs-out' as const,
      ratePerHour: 30,
      runOutAt: new Date(NOW + 72 * 60_000).toISOString(),
      resetAt: new Date(NOW + 3 * H).toISOString(),
    };
    expect(describeWindow(window({ pace }), 'Codex 5h', 7, NOW)).toBe(
      'Codex 5h window over the last 7 days: now 64% used; highest 98%; 1 reset. At this pace it runs out in 1h 12m, 1h 48m before the reset.',
    );
    expect(describeWindow(window({ points: [] }), 'Codex 5h', 7, NOW)).toBe(
      'Codex 5h window: nothing recorded in the last 7 days.',
    );
  });

  it('sums the daily tokens per provider and account over their sources, and the cost per day', () => {
    const row = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, costUsd: null, unpricedTokens: 0 };
    const series = dailySeries({
      days: ['2026-11-24', '2026-11-25'],
      pricesUpdated: '2026-11-29',
      names: { 'openai-codex': 'Codex', anthropic: 'Claude' },
      rows: [
        {
          ...row,
          day: '2026-11-24',
          provider: 'openai-codex',
          account: '',
          source: 'codex',
          inputTokens: 1000,
          outputTokens: 200,
          costUsd: 0.5,
        },
        {
          ...row,
          day: '2026-11-24',
          provider: 'openai-codex',
          account: '',
          source: 'agent',
          inputTokens: 100,
          outputTokens: 50,
          unpricedTokens: 150,
        },
        {
          ...row,
          day: '2026-11-25',
          provider: 'anthropic',
          account: 'work',
          source: 'claude',
          inputTokens: 10,
          outputTokens: 5,
          costUsd: 0.25,
        },
      ],
    });
    expect(series.series).toEqual([
      { key: 'anthropic|work', label: 'Claude · work', values: [0, 15] },
      { key: 'openai-codex|', label: 'Codex', values: [1350, 0] },
    ]);
    expect(series.costCells).toEqual(['≈ $0.50', '≈ $0.25']);
    expect(series.totalUsd).toBe(0.75);
    expect(series.unpricedTokens).toBe(150);
    expect(series.categories).toEqual([dayLabel('2026-11-24'), dayLabel('2026-11-25')]);
    expect(dayLabel('2026-11-24')).toMatch(/ 24$/);
  });

  it('counts the answered turns per profile and the failed attempts', () => {
    const turns = turnsSeries({
      bucket: 'day',
      buckets: [NOW - 24 * H, NOW],
      series: [
        {
          profile: 'openai-codex:codex-cli',
          provider: 'openai-codex',
          account: '',
          ok: [3, 1],
          failed: [0, 1],
          tokens: [9, 9],
        },
        {
          profile: 'anthropic:claude-cli',
          provider: 'anthropic',
          account: '',
          ok: [0, 2],
          failed: [2, 0],
          tokens: [0, 4],
        },
      ],
    });
    expect(turns.series.map((s) => [s.label, s.values])).toEqual([
      ['openai-codex:codex-cli', [3, 1]],
      ['anthropic:claude-cli', [0, 2]],
    ]);
    expect([turns.answered, turns.failed]).toEqual([6, 3]);
  });
});
