// The pace tracker over a real history database: readings become samples (once each, fresh ones
// only), windows get their pace from them, and a restarted tracker picks up what was recorded before.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createHistory, type History } from './history/history.js';
import { createPaceTracker } from './pace-tracker.js';

import type { ProviderUsage } from '../../../src-shared/protocol/index.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.parse('2026-11-25T12:00:00Z');
const RESET = T0 + 3 * HOUR;

let dir: string;
let histories: History[];
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'clawbar-pace-tracker-'));
  histories = [];
});
afterEach(() => {
  for (const h of histories) h.close();
  rmSync(dir, { recursive: true, force: true });
});

function openHistory(): History {
  const h = createHistory({ path: path.join(dir, 'history.db'), compactDaily: false });
  histories.push(h);
  return h;
}

/** A reading of a 5h window at `at` with `used` %, as the poller hands it over. */
function reading(at: number, used: number, over: Partial<ProviderUsage> = {}): ProviderUsage {
  return {
    windows: [
      {
        label: '5h',
        windowSeconds: 18_000,
        usedPercent: used,
        leftPercent: 100 - used,
        resetAt: new Date(RESET).toISOString(),
      },
    ],
    fetchedAt: new Date(at).toISOString(),
    stale: false,
    error: null,
    ...over,
  };
}

describe('createPaceTracker', () => {
  it('records each fresh reading once and gives a burning window its pace', () => {
    const history = openHistory();
    const tracker = createPaceTracker(history);
    // 30 %/h over the last hour: 64 % now, out in 1 h 12 m, the reset in 3 h.
    for (let i = 0; i <= 12; i++)
      expect(tracker.record('openai-codex', reading(T0 - HOUR + i * 5 * MIN, 34 + 2.5 * i))).toBe(1);
    // The same reading again (a second listener, a re-publish) is not a second sample.
    expect(tracker.record('openai-codex', reading(T0, 64))).toBe(0);
    const now = T0 + MIN;
    const withPace = tracker.withPace('openai-codex', reading(T0, 64), now);
    expect(withPace.windows[0]!.pace).toEqual({
      kind: 'runs-out',
      ratePerHour: 30,
      runOutAt: new Date(T0 + 72 * MIN).toISOString(),
      resetAt: new Date(RESET).toISOString(),
    });
    expect(history.samples({ provider: 'openai-codex', window: '5h' }, 0)).toHaveLength(13);
  });

  it('records a named limit as windows of its own, and paces them apart from the plan’s', () => {
    const history = openHistory();
    const tracker = createPaceTracker(history);
    // The plan's 5h stands still at 10 %; the Spark limit's 5h burns 30 %/h.
    const withSpark = (at: number, used: number) => {
      const plan = reading(at, 10);
      return {
        ...plan,
        limits: [{ id: 'codex_spark', name: 'GPT-5.3-Codex-Spark', windows: [reading(at, used).windows[0]!] }],
      };
    };
    for (let i = 0; i <= 12; i++)
      expect(tracker.record('openai-codex@work', withSpark(T0 - HOUR + i * 5 * MIN, 34 + 2.5 * i))).toBe(2);
    const paced = tracker.withPace('openai-codex@work', withSpark(T0, 64), T0 + MIN);
    expect(paced.windows[0]!.pace).toBeUndefined();
    expect(paced.limits?.[0]?.windows[0]?.pace).toMatchObject({ kind: 'runs-out', ratePerHour: 30 });
    expect(
      history.samples({ provider: 'openai-codex', account: 'work', limit: 'codex_spark', window: '5h' }, 0),
    ).toHaveLength(13);
  });

  it('records nothing from a stale or failed reading, and says nothing about a window it has too little of', () => {
    const history = openHistory();
    const tracker = createPaceTracker(history);
    expect(tracker.record('anthropic', reading(T0, 50, { stale: true, error: 'usage server unreachable' }))).toBe(0);
    expect(tracker.record('anthropic', reading(T0, 50, { fetchedAt: null }))).toBe(0);
    expect(tracker.record('anthropic', reading(T0, 50))).toBe(1);
    const view = tracker.withPace('anthropic', reading(T0, 50), T0);
    expect(view.windows[0]).not.toHaveProperty('pace');
    expect(history.samples({ provider: 'anthropic', window: '5h' }, 0)).toHaveLength(1);
  });

  it('drops a pace the view carried when there is no longer anything to say', () => {
    const tracker = createPaceTracker(openHistory());
    const old = reading(T0, 50);
    old.windows[0]!.pace = { kind: 'lasts', ratePerHour: 1, projectedPercent: 60, resetAt: old.windows[0]!.resetAt! };
    expect(tracker.withPace('anthropic', old, T0).windows[0]).not.toHaveProperty('pace');
  });

  it('a restarted tracker knows the samples an earlier process recorded', () => {
    const first = openHistory();
    const before = createPaceTracker(first);
    for (let i = 0; i < 12; i++) before.record('openai-codex', reading(T0 - HOUR + i * 5 * MIN, 34 + 2.5 * i));
    first.close();

    const after = createPaceTracker(openHistory());
    after.record('openai-codex', reading(T0, 64));
    expect(after.withPace('openai-codex', reading(T0, 64), T0).windows[0]!.pace?.kind).toBe('runs-out');
  });

  it('keeps the accounts of one provider apart, by the usage key the poller names them with', () => {
    const history = openHistory();
    const tracker = createPaceTracker(history);
    for (let i = 0; i <= 12; i++) tracker.record('openai-codex@work', reading(T0 - HOUR + i * 5 * MIN, 34 + 2.5 * i));
    tracker.record('openai-codex', reading(T0, 10));
    expect(tracker.withPace('openai-codex@work', reading(T0, 64), T0).windows[0]!.pace?.kind).toBe('runs-out');
    expect(tracker.withPace('openai-codex', reading(T0, 10), T0).windows[0]).not.toHaveProperty('pace');
    // Stored as the account's window of the provider (what the charts group by), not as a provider of its own.
    history.flush();
    expect(history.samples({ provider: 'openai-codex', account: 'work', window: '5h' }, 0)).toHaveLength(13);
    expect(history.samples({ provider: 'openai-codex@work', window: '5h' }, 0)).toHaveLength(0);
  });
});
