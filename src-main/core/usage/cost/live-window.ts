// What `clawbar usage --live` measures against: the current 5-hour window (aligned to the
// provider's own reset when the gateway has recorded one) and the pace of each 5-hour window.
import { computePace, formatPace } from '../pace.js';

import type { History } from '../history/history.js';

const HOUR = 3_600_000;
const FIVE_HOURS_S = 18_000;

/**
 * Start of the current 5-hour window: the provider's reset minus 5 h when a recorded 5h window
 * resets in the future; otherwise the start of the hour 4 h ago (the log buckets are hourly).
 */
export function windowStart(history: History | null, now: number): number {
  const resets = (history?.latest(now - 5 * HOUR) ?? [])
    .filter((s) => s.windowSeconds === FIVE_HOURS_S && s.resetAt !== null && s.resetAt > now)
    .map((s) => s.resetAt! - FIVE_HOURS_S * 1000);
  return resets.length > 0 ? Math.min(...resets) : Math.floor(now / HOUR) * HOUR - 4 * HOUR;
}

/** `<provider> 5h 42% used, runs out in 1h 12m, 38m before the reset` per 5h window with something to say. */
export function paceNotes(history: History | null, now: number): string {
  if (!history) return '';
  const notes: string[] = [];
  for (const latest of history.latest(now - HOUR)) {
    if (latest.windowSeconds !== FIVE_HOURS_S) continue;
    const pace = computePace(history.samples(latest, now - 24 * HOUR), { now, windowSeconds: latest.windowSeconds });
    const text = formatPace(pace, now);
    const who = [latest.provider, latest.account ? `@${latest.account}` : ''].join('');
    notes.push(`${who} ${latest.window} ${Math.round(latest.usedPercent)}% used${text ? `, ${text}` : ''}`);
  }
  return notes.join(' · ');
}
