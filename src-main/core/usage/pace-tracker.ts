// Records every usage reading into the history and answers each window's pace from it. The
// recent samples of each window (the last day: pace never looks further back) stay in memory, so
// building a view never touches the database; a window is read from the database once, the first
// time it is seen, which also brings in what an earlier process or the CLI recorded.
//
// A window's key is provider, account, limit and label (history/types.ts WindowKey): the account
// is '' for a CLI's default home and the limit '' for the plan's own windows, so further accounts
// and named limits are new keys, never a new shape.
import { computePace, PACE_RULE, paceView, type PaceSample } from './pace.js';

import type { ProviderUsage, UsageWindow, WindowPace } from '../../../src-shared/protocol/index.js';
import type { History } from './history/history.js';
import type { WindowKey } from './history/types.js';

/** How far back samples are kept in memory: the longest lookback pace uses, and a margin. */
const KEEP_MS = PACE_RULE.maxLookbackMs + 3_600_000;

export interface PaceTracker {
  /**
   * Records the windows of a fresh reading (`usage.fetchedAt` is when it was taken). A stale or
   * failed reading, or one recorded already, records nothing. Returns the number of samples recorded.
   */
  record(provider: string, usage: ProviderUsage, account?: string): number;
  /** `usage` with each window's pace at `now` (a window with nothing honest to say gets none). */
  withPace(provider: string, usage: ProviderUsage, now: number, account?: string): ProviderUsage;
  /** The pace of one window at `now`, or undefined when there is nothing honest to say. */
  paceOf(key: WindowKey, windowSeconds: number, now: number): WindowPace | undefined;
}

const isoMs = (iso: string | null): number | null => {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
};

/** The history key of one window of a provider's reading. */
export function windowKey(provider: string, window: Pick<UsageWindow, 'label'>, account = ''): WindowKey {
  return { provider, account, limit: '', window: window.label };
}

const keyText = (key: WindowKey) => JSON.stringify([key.provider, key.account ?? '', key.limit ?? '', key.window]);

export function createPaceTracker(history: Pick<History, 'recordSample' | 'samples'>): PaceTracker {
  const recent = new Map<string, PaceSample[]>();

  const seriesOf = (key: WindowKey, now: number): PaceSample[] => {
    const text = keyText(key);
    let series = recent.get(text);
    if (!series) {
      series = history
        .samples(key, now - KEEP_MS)
        .map(({ at, usedPercent, resetAt }) => ({ at, usedPercent, resetAt }));
      recent.set(text, series);
    }
    return series;
  };

  const tracker: PaceTracker = {
    record(provider, usage, account = '') {
      const at = isoMs(usage.fetchedAt);
      if (at === null || usage.stale) return 0;
      let recorded = 0;
      for (const window of usage.windows) {
        const key = windowKey(provider, window, account);
        const series = seriesOf(key, at);
        const last = series.at(-1);
        if (last && last.at >= at) continue;
        const resetAt = isoMs(window.resetAt);
        if (
          !history.recordSample({
            ...key,
            at,
            windowSeconds: window.windowSeconds,
            usedPercent: window.usedPercent,
            resetAt,
          })
        )
          continue;
        series.push({ at, usedPercent: window.usedPercent, resetAt });
        const keepFrom = series.findIndex((s) => s.at >= at - KEEP_MS);
        if (keepFrom > 0) series.splice(0, keepFrom);
        recorded += 1;
      }
      return recorded;
    },
    withPace(provider, usage, now, account = '') {
      if (usage.windows.length === 0) return usage;
      const windows = usage.windows.map((window) => {
        const pace = tracker.paceOf(windowKey(provider, window, account), window.windowSeconds, now);
        const { pace: _old, ...rest } = window;
        return pace ? { ...rest, pace } : rest;
      });
      return { ...usage, windows };
    },
    paceOf(key, windowSeconds, now) {
      return paceView(computePace(seriesOf(key, now), { now, windowSeconds }));
    },
  };
  return tracker;
}
