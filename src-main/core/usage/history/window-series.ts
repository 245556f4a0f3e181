// `usage.history`: each usage window sampled in the last days, as a chart draws it — used % over
// time thinned to a bounded number of points, the resets seen, and the window's pace. Thinning
// keeps the last sample of each time slot and always the sample just before a reset, so the peak
// a window reached before it reset is never thinned away.
import { HISTORY_MAX_POINTS, type WindowHistoryView, type WindowPace } from '../../../../src-shared/protocol/index.js';

import type { History } from './history.js';
import type { UsageSample, WindowKey } from './types.js';

const DAY_MS = 86_400_000;
/** At most this many windows are drawn, the most recently sampled first (a week holds a handful). */
export const HISTORY_MAX_WINDOWS = 24;

export interface WindowSeriesOptions {
  now: number;
  days: number;
  /** The window's pace now (the pace tracker's), if any. */
  paceOf?: (key: WindowKey, windowSeconds: number, now: number) => WindowPace | undefined;
  maxPoints?: number;
}

/** Thins a series (oldest first) to at most `max` points, keeping every sample at `keep`. */
export function thinSamples<T extends { at: number }>(
  samples: readonly T[],
  since: number,
  until: number,
  max: number,
  keep: ReadonlySet<number> = new Set(),
): T[] {
  if (samples.length <= max) return [...samples];
  const slots = Math.max(1, max - keep.size);
  const slotMs = Math.max(1, Math.ceil((until - since) / slots));
  const out: T[] = [];
  for (let i = 0; i < samples.length; i++) {
    const sample = samples[i]!;
    const next = samples[i + 1];
    const lastOfSlot = !next || Math.floor((next.at - since) / slotMs) !== Math.floor((sample.at - since) / slotMs);
    if (lastOfSlot || keep.has(i)) out.push(sample);
  }
  return out.slice(-max);
}

/** Every window sampled in the last `days` days, with its thinned series, resets and pace. */
export function windowHistories(
  history: Pick<History, 'latest' | 'samples' | 'resets'>,
  options: WindowSeriesOptions,
): WindowHistoryView[] {
  const { now } = options;
  const since = now - options.days * DAY_MS;
  const maxPoints = options.maxPoints ?? HISTORY_MAX_POINTS;
  const windows = history
    .latest(since)
    .sort((a, b) => b.at - a.at)
    .slice(0, HISTORY_MAX_WINDOWS)
    .sort(
      (a, b) =>
        a.provider.localeCompare(b.provider) ||
        (a.account ?? '').localeCompare(b.account ?? '') ||
        (a.limit ?? '').localeCompare(b.limit ?? '') ||
        a.windowSeconds - b.windowSeconds,
    );
  return windows.map((latest: UsageSample) => {
    const key: WindowKey = {
      provider: latest.provider,
      account: latest.account ?? '',
      limit: latest.limit ?? '',
      window: latest.window,
    };
    const samples = history.samples(key, since);
    const resets = history.resets(key, since);
    // The sample just before each reset: the period's last (highest) reading.
    const beforeReset = new Set<number>();
    for (const reset of resets) {
      const index = samples.findIndex((s) => s.at >= reset.at) - 1;
      if (index >= 0) beforeReset.add(index);
    }
    const pace = options.paceOf?.(key, latest.windowSeconds, now);
    return {
      provider: key.provider,
      account: key.account!,
      limit: key.limit!,
      label: key.window,
      windowSeconds: latest.windowSeconds,
      points: thinSamples(samples, since, now, maxPoints, beforeReset).map((s): [number, number] => [
        s.at,
        s.usedPercent,
      ]),
      resets: resets.slice(-maxPoints).map((r) => ({ at: r.at, previousUsedPercent: r.previousUsedPercent })),
      resetAt: latest.resetAt,
      ...(pace ? { pace } : {}),
    };
  });
}
