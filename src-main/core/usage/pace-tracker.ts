// Records every usage reading into the history and answers each window's pace from it. The
// recent samples of each window (the last day: pace never looks further back) stay in memory, so
// building a view never touches the database; a window is read from the database once, the first
// time it is seen, which also brings in what an earlier process or the CLI recorded.
//
// A window's key is provider, account, limit and label (history/types.ts WindowKey): the account
// is '' for a CLI's default home and the limit '' for the plan's own windows, so further accounts
// and named limits are new keys, never a new shape.
import { usageTarget } from '../providers/registry.js';

import { computePace, PACE_RULE, paceView, type PaceSample } from './pace.js';

import type { ProviderUsage, UsageWindow, WindowPace } from '../../../src-shared/protocol/index.js';
import type { History } from './history/history.js';
import type { WindowKey } from './history/types.js';

/** How far back samples are kept in memory: the longest lookback pace uses, and a margin. */
const KEEP_MS = PACE_RULE.maxLookbackMs + 3_600_000;

export interface PaceTracker {
  /**
   * Records the windows of a fresh reading (`usage.fetchedAt` is when it was taken) under its usage
   * key: a provider id, or `<provider>@<account>` for an account's (issue 17). A stale or failed
   * reading, or one recorded already, records nothing. Returns the number of samples recorded.
   */
  record(usageKey: string, usage: ProviderUsage): number;
  /** `usage` with each window's pace at `now` (a window with nothing honest to say gets none). */
  withPace(usageKey: string, usage: ProviderUsage, now: number): ProviderUsage;
  /** The pace of one window at `now`, or undefined when there is nothing honest to say. */
  paceOf(key: WindowKey, windowSeconds: number, now: number): WindowPace | undefined;
}

const isoMs = (iso: string | null): number | null => {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
};

/** The history key of one window of a provider's reading (`limit`: a named limit's id, '' for the plan's). */
export function windowKey(provider: string, window: Pick<UsageWindow, 'label'>, account = '', limit = ''): WindowKey {
  return { provider, account, limit, window: window.label };
}

/** Every window of a reading with the named limit it belongs to ('' for the plan's own). */
function allWindows(usage: ProviderUsage): { limit: string; window: UsageWindow }[] {
  return [
    ...usage.windows.map((window) => ({ limit: '', window })),
    ...(usage.limits ?? []).flatMap((named) => named.windows.map((window) => ({ limit: named.id, window }))),
  ];
}

/** `openai-codex@work` → provider `openai-codex`, account `work`; a bare provider id is its default home (''). */
export function splitUsageKey(usageKey: string): { provider: string; account: string } {
  const target = usageTarget(usageKey);
  if (target) return { provider: target.provider, account: target.account ?? '' };
  const at = usageKey.indexOf('@');
  return at === -1
    ? { provider: usageKey, account: '' }
    : { provider: usageKey.slice(0, at), account: usageKey.slice(at + 1) };
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
    record(usageKey, usage) {
      const { provider, account } = splitUsageKey(usageKey);
      const at = isoMs(usage.fetchedAt);
      if (at === null || usage.stale) return 0;
      let recorded = 0;
      // Named limits too (issue 17): routing and notifications project them like the plan's.
      for (const { limit, window } of allWindows(usage)) {
        const key = windowKey(provider, window, account, limit);
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
    withPace(usageKey, usage, now) {
      if (usage.windows.length === 0 && !usage.limits) return usage;
      const { provider, account } = splitUsageKey(usageKey);
      const paced = (limit: string) => (window: UsageWindow) => {
        const pace = tracker.paceOf(windowKey(provider, window, account, limit), window.windowSeconds, now);
        const { pace: _old, ...rest } = window;
        return pace ? { ...rest, pace } : rest;
      };
      const windows = usage.windows.map(paced(''));
      if (!usage.limits) return { ...usage, windows };
      const limits = usage.limits.map((named) => ({ ...named, windows: named.windows.map(paced(named.id)) }));
      return { ...usage, windows, limits };
    },
    paceOf(key, windowSeconds, now) {
      return paceView(computePace(seriesOf(key, now), { now, windowSeconds }));
    },
  };
  return tracker;
}
