// Pace of one usage window: at the recent burn rate, when does it run out, and is that before the
// window resets? Pure: samples in, a verdict out.
//
// The rule, chosen to stay quiet rather than guess:
// 1. Only the current period counts: walking back from the newest sample, samples belong to it
//    while their reset time matches the newest one (within a minute) and used % does not drop by
//    more than 2 points (a bigger drop is a reset or a correction: what came before is another period).
// 2. The burn rate is the rise of used % between the oldest and the newest of the period's samples
//    within the lookback (a fifth of the window, at least 30 min, at most 24 h), per hour. A burst
//    counts, averaged over the lookback, so one busy minute does not read as a wild pace.
// 3. It says nothing when: the newest sample is stale (older than 20 min), fewer than 3 samples
//    span less than 15 min, the rise is under 1 percentage point (flat), or the reset time is unknown.
// 4. Otherwise it runs out at newest time + (100 − used) / rate: before the reset → `runs-out`,
//    else → `lasts`, with the used % projected at the reset.
import { formatPace as formatWindowPace } from '../../../src-shared/pace-text.js';

import type { WindowPace } from '../../../src-shared/protocol/index.js';

export interface PaceSample {
  at: number;
  usedPercent: number;
  resetAt: number | null;
}

export type Pace =
  | { kind: 'none'; reason: 'too-few-samples' | 'flat' | 'stale' | 'no-reset-time' }
  | { kind: 'exhausted'; resetAt: number | null }
  | { kind: 'runs-out'; usedPercent: number; ratePerHour: number; runOutAt: number; resetAt: number }
  | { kind: 'lasts'; usedPercent: number; ratePerHour: number; projectedPercent: number; resetAt: number };

export interface PaceOptions {
  now: number;
  windowSeconds: number;
}

export const PACE_RULE = {
  resetJitterMs: 60_000,
  dropTolerancePercent: 2,
  maxStaleMs: 20 * 60_000,
  minSamples: 3,
  minSpanMs: 15 * 60_000,
  minRisePercent: 1,
  minLookbackMs: 30 * 60_000,
  maxLookbackMs: 24 * 3_600_000,
} as const;

const HOUR = 3_600_000;

/** The samples of the newest period, oldest first (rule 1). `samples` may be in any order. */
export function currentPeriod<T extends PaceSample>(samples: readonly T[]): T[] {
  const sorted = [...samples].sort((a, b) => a.at - b.at);
  const newest = sorted.at(-1);
  if (!newest) return [];
  const period: T[] = [newest];
  for (let i = sorted.length - 2; i >= 0; i--) {
    const s = sorted[i]!;
    const later = period[0]!;
    const samePeriod =
      s.resetAt === newest.resetAt ||
      (s.resetAt !== null &&
        newest.resetAt !== null &&
        Math.abs(s.resetAt - newest.resetAt) <= PACE_RULE.resetJitterMs);
    if (!samePeriod || s.usedPercent - later.usedPercent > PACE_RULE.dropTolerancePercent) break;
    period.unshift(s);
  }
  return period;
}

/** The pace of one window from its recent samples (see the rule above). */
export function computePace(samples: readonly PaceSample[], { now, windowSeconds }: PaceOptions): Pace {
  const period = currentPeriod(samples);
  const newest = period.at(-1);
  if (!newest) return { kind: 'none', reason: 'too-few-samples' };
  if (newest.usedPercent >= 100) return { kind: 'exhausted', resetAt: newest.resetAt };
  if (now - newest.at > PACE_RULE.maxStaleMs) return { kind: 'none', reason: 'stale' };
  if (newest.resetAt === null) return { kind: 'none', reason: 'no-reset-time' };

  const lookbackMs = Math.min(PACE_RULE.maxLookbackMs, Math.max(PACE_RULE.minLookbackMs, (windowSeconds * 1000) / 5));
  const recent = period.filter((s) => s.at >= newest.at - lookbackMs);
  const oldest = recent[0]!;
  const spanMs = newest.at - oldest.at;
  if (recent.length < PACE_RULE.minSamples || spanMs < PACE_RULE.minSpanMs) {
    return { kind: 'none', reason: 'too-few-samples' };
  }
  const rise = newest.usedPercent - oldest.usedPercent;
  if (rise < PACE_RULE.minRisePercent) return { kind: 'none', reason: 'flat' };

  const ratePerHour = (rise * HOUR) / spanMs;
  const runOutAt = Math.max(now, newest.at + ((100 - newest.usedPercent) / ratePerHour) * HOUR);
  if (runOutAt < newest.resetAt) {
    return { kind: 'runs-out', usedPercent: newest.usedPercent, ratePerHour, runOutAt, resetAt: newest.resetAt };
  }
  const projectedPercent = newest.usedPercent + (ratePerHour * Math.max(0, newest.resetAt - newest.at)) / HOUR;
  return { kind: 'lasts', usedPercent: newest.usedPercent, ratePerHour, projectedPercent, resetAt: newest.resetAt };
}

/** The pace as the views carry it (`UsageWindow.pace`); undefined when there is nothing to say. */
export function paceView(pace: Pace): WindowPace | undefined {
  const iso = (ms: number) => new Date(ms).toISOString();
  switch (pace.kind) {
    case 'runs-out':
      return {
        kind: 'runs-out',
        ratePerHour: round(pace.ratePerHour),
        runOutAt: iso(pace.runOutAt),
        resetAt: iso(pace.resetAt),
      };
    case 'lasts':
      return {
        kind: 'lasts',
        ratePerHour: round(pace.ratePerHour),
        projectedPercent: round(pace.projectedPercent),
        resetAt: iso(pace.resetAt),
      };
    case 'exhausted':
      return { kind: 'exhausted', resetAt: pace.resetAt === null ? null : iso(pace.resetAt) };
    default:
      return undefined;
  }
}

// Two decimals: enough for any chart, and a view that does not change with every float's last bits.
const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The pace as one short phrase, or null when there is nothing honest to say:
 * `runs out in 1h 12m, 38m before the reset` · `on pace to end at 64%` · `used up until the reset`.
 */
export function formatPace(pace: Pace, now: number): string | null {
  const view = paceView(pace);
  return view ? formatWindowPace(view, now) : null;
}
