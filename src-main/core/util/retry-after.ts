// `Retry-After` (RFC 9110 §10.2.3) as clawbar honours it: delta-seconds or an HTTP date, and never
// longer than a day. A server (or an impostor) saying "come back in 10^20 seconds" would otherwise
// park a login or a usage poll for ever, or — through a timer that overflows — not at all.

/** The longest wait any server can impose on clawbar. */
export const MAX_RETRY_AFTER_MS = 86_400_000;

/** A wait in ms from a server, bounded to 0…{@link MAX_RETRY_AFTER_MS}; null when not a finite number. */
export function boundedWaitMs(ms: number): number | null {
  return Number.isFinite(ms) ? Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms)) : null;
}

/** The wait a `Retry-After` value asks for, in ms from `now`; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return boundedWaitMs(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : boundedWaitMs(date - now);
}
