// Detects a usage window's reset between two consecutive samples of the same window: the reset
// time moved forward AND the used percentage dropped. Either alone is not enough: Claude's
// `resets_at` jitters by fractions of a second between polls, and used % can dip after a
// server-side correction without a new period starting.
import type { UsageSample, WindowKey, WindowReset } from './types.js';

/** A reset time must move by more than this to count: more than jitter, less than any window. */
export const RESET_MOVE_MIN_MS = 60_000;

const keyOf = (k: WindowKey) => JSON.stringify([k.provider, k.account ?? '', k.limit ?? '', k.window]);

/** The reset `next` shows after `previous`, or null. Pure. */
export function detectReset(previous: UsageSample, next: UsageSample): WindowReset | null {
  if (previous.resetAt === null || next.resetAt === null) return null;
  if (next.resetAt - previous.resetAt <= RESET_MOVE_MIN_MS) return null;
  if (next.usedPercent >= previous.usedPercent) return null;
  return {
    provider: next.provider,
    account: next.account ?? '',
    limit: next.limit ?? '',
    window: next.window,
    at: next.at,
    previousUsedPercent: previous.usedPercent,
    previousResetAt: previous.resetAt,
    resetAt: next.resetAt,
  };
}

/**
 * Remembers the last sample of every window; `lastStored` answers for a window seen before this
 * process started (the newest sample in the database), asked once per window.
 */
export function createResetDetector(lastStored: (key: WindowKey) => UsageSample | null) {
  const last = new Map<string, UsageSample | null>();
  return {
    observe(sample: UsageSample): WindowReset | null {
      const key = keyOf(sample);
      const previous = last.has(key) ? last.get(key)! : lastStored(sample);
      // Samples can arrive out of order (a slow poll answering after a fast one): only a newer
      // sample moves the window on.
      if (previous && sample.at < previous.at) {
        last.set(key, previous);
        return null;
      }
      last.set(key, sample);
      return previous ? detectReset(previous, sample) : null;
    },
  };
}
