// Countdown text for profiles and usage windows. Durations follow DESIGN.md §4 (`formatDuration`),
// with seconds added in the last hour so a dying login visibly ticks.
import { formatDuration } from '../../src-shared/format';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** `9d 23h`, `4h 59m`, and `59m 59s` / `12s` in the last hour. Negative values count as zero. */
export function formatCountdown(ms: number): string {
  if (ms >= HOUR) return formatDuration(ms);
  const totalSeconds = Math.max(0, Math.floor(ms / SECOND));
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return minutes > 0 ? `${minutes}m ${seconds}s` : `${seconds}s`;
}

/** `expires in 9d 23h` before the expiry, `expired 3h 2m ago` after it. */
export function formatExpiry(expiresAt: number, now: number): string {
  const remaining = expiresAt - now;
  if (remaining > 0) return `expires in ${formatCountdown(remaining)}`;
  return `expired ${formatDuration(-remaining)} ago`;
}

/** `just now`, `12m old`, `3h 5m old`: how old a reading is. */
export function formatAge(since: number, now: number): string {
  const age = now - since;
  if (age < MINUTE) return 'just now';
  return `${formatDuration(age)} old`;
}

/**
 * How long until a countdown to `target` shows a different text: every second in the last hour,
 * on the next minute boundary before that, and once a minute after the target has passed.
 * (The shown values are floored, so a value changes 1 ms after its boundary.)
 */
export function nextCountdownTick(target: number, now: number): number {
  const remaining = target - now;
  if (remaining > HOUR) return Math.min((remaining % MINUTE) + 1, remaining - HOUR);
  if (remaining > 0) return (remaining % SECOND) + 1;
  return MINUTE - (-remaining % MINUTE);
}
