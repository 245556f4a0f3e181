// `usage.history`'s series from a real history database: a week of samples thinned to the bound,
// the peak before each reset kept, resets listed, windows of several providers and accounts apart.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { HISTORY_MAX_POINTS } from '../../../../src-shared/protocol/index.js';

import { createHistory, type History } from './history.js';
import { thinSamples, windowHistories } from './window-series.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-11-25T12:00:00Z');

let dir: string;
let history: History;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'clawbar-window-series-'));
  history = createHistory({ path: path.join(dir, 'history.db'), compactDaily: false });
});
afterEach(() => {
  history.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A 5h window sampled every `stepMin` minutes for `days` days, rising 1 %/10 min, resetting every 5 h. */
function recordSawtooth(provider: string, account: string, days: number, stepMin: number): number {
  let resets = 0;
  for (let at = NOW - days * DAY; at <= NOW; at += stepMin * MIN) {
    const periodStart = Math.floor(at / (5 * HOUR)) * 5 * HOUR;
    const used = Math.min(100, (at - periodStart) / (10 * MIN));
    const sample = {
      provider,
      account,
      window: '5h',
      windowSeconds: 18_000,
      usedPercent: used,
      resetAt: periodStart + 5 * HOUR,
      at,
    };
    history.recordSample(sample);
    if (at > NOW - days * DAY && at - periodStart < stepMin * MIN) resets++;
  }
  return resets;
}

describe('windowHistories', () => {
  it('thins a week of minute samples to the bound and keeps the peak before every reset', () => {
    const resets = recordSawtooth('openai-codex', '', 7, 1);
    const [series, ...rest] = windowHistories(history, { now: NOW, days: 7 });
    expect(rest).toEqual([]);
    expect(series).toMatchObject({
      provider: 'openai-codex',
      account: '',
      limit: '',
      label: '5h',
      windowSeconds: 18_000,
    });
    expect(series!.points.length).toBeLessThanOrEqual(HISTORY_MAX_POINTS);
    expect(series!.points.length).toBeGreaterThan(HISTORY_MAX_POINTS / 2);
    expect(series!.resets).toHaveLength(resets);
    for (const reset of series!.resets) {
      // The thinned line still climbs to the pre-reset reading and drops at the reset.
      const before = series!.points.filter(([at]) => at < reset.at).at(-1)!;
      expect(before[1]).toBe(reset.previousUsedPercent);
      expect(reset.previousUsedPercent).toBeGreaterThan(25);
    }
    const times = series!.points.map(([at]) => at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(series!.points.at(-1)![0]).toBe(NOW);
  });

  it('lists every window sampled in the period, accounts apart, and their pace', () => {
    recordSawtooth('openai-codex', '', 1, 5);
    recordSawtooth('openai-codex', 'work', 1, 5);
    history.recordSample({
      provider: 'anthropic',
      window: 'Week',
      windowSeconds: 604_800,
      usedPercent: 3,
      resetAt: null,
      at: NOW - 8 * DAY,
    });
    const windows = windowHistories(history, {
      now: NOW,
      days: 7,
      paceOf: (key) => (key.account === 'work' ? { kind: 'exhausted', resetAt: null } : undefined),
    });
    expect(windows.map((w) => [w.provider, w.account, w.label])).toEqual([
      ['openai-codex', '', '5h'],
      ['openai-codex', 'work', '5h'],
    ]);
    expect(windows[0]).not.toHaveProperty('pace');
    expect(windows[1]!.pace).toEqual({ kind: 'exhausted', resetAt: null });
  });
});

describe('thinSamples', () => {
  it('returns a short series as it is and a long one within the bound, ending at its newest sample', () => {
    const short = [{ at: 1 }, { at: 2 }];
    expect(thinSamples(short, 0, 10, 5)).toEqual(short);
    const long = Array.from({ length: 1000 }, (_, i) => ({ at: i }));
    const thinned = thinSamples(long, 0, 1000, 50, new Set([10]));
    expect(thinned.length).toBeLessThanOrEqual(50);
    expect(thinned).toContainEqual({ at: 10 });
    expect(thinned.at(-1)).toEqual({ at: 999 });
  });
});
