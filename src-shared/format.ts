// Pure formatting shared by the CLI, the tray, notifications, the log and the renderer: no Node or
// DOM imports here.
//
// One rounding rule everywhere: what is left (time, percent) is rounded DOWN to the last unit shown,
// so no screen ever promises more than there is, and two places showing the same moment agree
// (a card and a log line both say `9d 23h` for 9 d 23 h 59 m). A moment already past counts as 0.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const UNIT_MS = { ms: 1, s: SECOND, m: MINUTE, h: HOUR, d: DAY } as const;

/** Parses `"24h"`, `"90m"`, `"300s"`, `"2d"`, `"500ms"` into milliseconds; null when malformed. */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text);
  if (!match) return null;
  return Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
}

/**
 * Formats a remaining time as DESIGN.md §4 fixes it: `<n>m` under an hour, `<h>h <m>m` under a
 * day, `<d>d <h>h` beyond. Rounded down; negative values format as `0m`.
 */
export function formatDuration(ms: number): string {
  const totalMinutes = Math.max(0, Math.floor(ms / MINUTE));
  if (totalMinutes < 60) return `${totalMinutes}m`;
  const totalHours = Math.floor(totalMinutes / 60);
  if (totalHours < 24) return `${totalHours}h ${totalMinutes % 60}m`;
  return `${Math.floor(totalHours / 24)}d ${totalHours % 24}h`;
}

/** `9d 23h`, `4h 59m` as formatDuration, and `59m 59s` / `12s` in the last hour, so a dying login visibly ticks. */
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

/** `just now`, `2m ago`, `3h 5m ago`: when something last happened. */
export function formatAgo(since: number, now: number): string {
  const age = now - since;
  if (age < MINUTE) return 'just now';
  return `${formatDuration(age)} ago`;
}

/** `3h` for the menu bar: minutes under an hour, hours under two days, then days. Rounded down. */
export function compactCountdown(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / MINUTE));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours}h` : `${Math.floor(hours / 24)}d`;
}

/** A usage window's percent left as shown: 0–100, rounded down (`52.7` → `52`). */
export function percentLeft(leftPercent: number): number {
  if (!Number.isFinite(leftPercent)) return 0;
  // The epsilon keeps float noise (52.99999999999 for 53) from showing as one percent less.
  return Math.max(0, Math.min(100, Math.floor(leftPercent + 1e-6)));
}

/**
 * How long until a countdown to `target` shows a different text: every second in the last hour,
 * on the next minute boundary before that, and once a minute after the target has passed.
 * (The shown values are rounded down, so a value changes 1 ms after its boundary.)
 */
export function nextCountdownTick(target: number, now: number): number {
  const remaining = target - now;
  if (remaining > HOUR) return Math.min((remaining % MINUTE) + 1, remaining - HOUR);
  if (remaining > 0) return (remaining % SECOND) + 1;
  return MINUTE - (-remaining % MINUTE);
}
