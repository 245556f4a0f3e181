// Pace against synthetic series: steady burn (lasting and running out), a burst, a reset in the
// middle of the series, too little data, a flat history, a stale one.
import { describe, expect, it } from 'vitest';

import { computePace, currentPeriod, formatPace, type PaceSample } from './pace.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = Date.parse('2026-11-25T12:00:00Z');
const FIVE_H = 18_000;

/** Samples every `stepMin` minutes ending at NOW, used % from `used(i)`, all with `resetAt`. */
function series(count: number, stepMin: number, used: (i: number) => number, resetAt: number | null): PaceSample[] {
  return Array.from({ length: count }, (_, i) => ({
    at: NOW - (count - 1 - i) * stepMin * MIN,
    usedPercent: used(i),
    resetAt,
  }));
}

describe('computePace', () => {
  it('steady burn that lasts: projects the used % at the reset', () => {
    // 12 %/h for the last hour, 40 % now, reset in 2 h → 64 % at the reset.
    const samples = series(13, 5, (i) => 28 + i, NOW + 2 * HOUR);
    const pace = computePace(samples, { now: NOW, windowSeconds: FIVE_H });
    expect(pace.kind).toBe('lasts');
    expect(pace).toMatchObject({ usedPercent: 40, ratePerHour: 12, projectedPercent: 64 });
    expect(formatPace(pace, NOW)).toBe('on pace to end at 64%');
  });

  it('steady burn that runs out before the reset: says when, and how long before the reset', () => {
    // 30 %/h, 64 % now: 36 points left last 1 h 12 m; the reset is in 1 h 50 m.
    const samples = series(13, 5, (i) => 34 + 2.5 * i, NOW + 110 * MIN);
    const pace = computePace(samples, { now: NOW, windowSeconds: FIVE_H });
    expect(pace).toMatchObject({ kind: 'runs-out', usedPercent: 64, ratePerHour: 30, runOutAt: NOW + 72 * MIN });
    expect(formatPace(pace, NOW)).toBe('runs out in 1h 12m, 38m before the reset');
  });

  it('averages a burst over the lookback instead of extrapolating its minute', () => {
    // Flat at 20 % for 50 min, then 40 % in the last sample: 20 points over the hour, not over 5 min.
    const samples = series(13, 5, (i) => (i < 12 ? 20 : 40), NOW + 4 * HOUR);
    const pace = computePace(samples, { now: NOW, windowSeconds: FIVE_H });
    expect(pace).toMatchObject({ kind: 'runs-out', ratePerHour: 20, runOutAt: NOW + 3 * HOUR });
    expect(formatPace(pace, NOW)).toBe('runs out in 3h 0m, 1h 0m before the reset');
  });

  it('ignores the samples before a reset in the middle of the series', () => {
    const before = series(12, 5, (i) => 80 + i, NOW - 10 * MIN).map((s) => ({ ...s, at: s.at - 15 * MIN }));
    const after = series(3, 5, (i) => 1 + i, NOW + 5 * HOUR - 10 * MIN);
    // Three samples over 10 minutes after the reset: too few, whatever came before.
    expect(computePace([...before, ...after], { now: NOW, windowSeconds: FIVE_H })).toEqual({
      kind: 'none',
      reason: 'too-few-samples',
    });
    expect(currentPeriod([...before, ...after])).toEqual(after);

    // Half an hour later, enough of the new period to judge: 6 %/h from the new period only.
    const later = series(7, 5, (i) => 1 + 0.5 * i, NOW + 5 * HOUR - 10 * MIN);
    const pace = computePace([...before, ...later], { now: NOW, windowSeconds: FIVE_H });
    expect(pace).toMatchObject({ kind: 'lasts', usedPercent: 4, ratePerHour: 6 });
  });

  it('treats a drop in used % as the start of a new period even when the reset time did not move', () => {
    const samples = series(6, 5, (i) => (i < 2 ? 50 + i : 8 + i), NOW + HOUR);
    expect(currentPeriod(samples).map((s) => s.usedPercent)).toEqual([10, 11, 12, 13]);
    // A dip of a point or two is noise, not a new period.
    const noisy = series(6, 5, (i) => [50, 51, 50, 52, 51.5, 53][i]!, NOW + HOUR);
    expect(currentPeriod(noisy)).toHaveLength(6);
  });

  it('tolerates reset-time jitter within a minute', () => {
    const samples = series(13, 5, (i) => 28 + i, NOW + 2 * HOUR).map((s, i) => ({
      ...s,
      resetAt: s.resetAt! + (i % 2) * 700,
    }));
    expect(computePace(samples, { now: NOW, windowSeconds: FIVE_H }).kind).toBe('lasts');
  });

  it('says nothing with too little data', () => {
    expect(computePace([], { now: NOW, windowSeconds: FIVE_H })).toEqual({ kind: 'none', reason: 'too-few-samples' });
    expect(
      computePace(
        series(2, 10, (i) => 10 + 5 * i, NOW + HOUR),
        { now: NOW, windowSeconds: FIVE_H },
      ),
    ).toEqual({
      kind: 'none',
      reason: 'too-few-samples',
    });
    // Enough samples, but over 10 minutes only.
    const quick = series(6, 2, (i) => 10 + 5 * i, NOW + HOUR);
    expect(computePace(quick, { now: NOW, windowSeconds: FIVE_H })).toEqual({
      kind: 'none',
      reason: 'too-few-samples',
    });
    expect(formatPace(computePace(quick, { now: NOW, windowSeconds: FIVE_H }), NOW)).toBeNull();
  });

  it('says nothing about a flat history', () => {
    const flat = series(13, 5, (i) => 30 + (i % 2) * 0.5, NOW + 3 * HOUR);
    expect(computePace(flat, { now: NOW, windowSeconds: FIVE_H })).toEqual({ kind: 'none', reason: 'flat' });
  });

  it('says nothing when the newest sample is stale or the reset time unknown', () => {
    const old = series(13, 5, (i) => 28 + i, NOW + 2 * HOUR).map((s) => ({ ...s, at: s.at - 30 * MIN }));
    expect(computePace(old, { now: NOW, windowSeconds: FIVE_H })).toEqual({ kind: 'none', reason: 'stale' });
    const unknown = series(13, 5, (i) => 28 + i, null);
    expect(computePace(unknown, { now: NOW, windowSeconds: FIVE_H })).toEqual({
      kind: 'none',
      reason: 'no-reset-time',
    });
  });

  it('reports a used-up window', () => {
    const pace = computePace(
      series(3, 5, (i) => 98 + i, NOW + HOUR),
      { now: NOW, windowSeconds: FIVE_H },
    );
    expect(pace).toEqual({ kind: 'exhausted', resetAt: NOW + HOUR });
    expect(formatPace(pace, NOW)).toBe('used up until the reset');
  });

  it('looks back a fifth of a weekly window (capped at a day), not just an hour', () => {
    // Hourly samples over 30 h, 1 %/h: the rate comes from the last 24 h (24 points), not the last 30.
    const samples = series(31, 60, (i) => (i < 6 ? 0 : i - 6), NOW + 3 * 24 * HOUR);
    const pace = computePace(samples, { now: NOW, windowSeconds: 604_800 });
    expect(pace).toMatchObject({ kind: 'lasts', usedPercent: 24, ratePerHour: 1, projectedPercent: 96 });
  });
});
