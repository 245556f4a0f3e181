// Instants read from outside clawbar — token claims, credential files, usage answers, HTTP
// headers, clawbar's own state files — may be absurd: 1e20, negative, a string, or seconds where
// milliseconds belong (or the reverse). Handed to Date they throw RangeError from toISOString;
// handed to a timer they fire at once. Every such value passes through here first.

/** Earliest plausible instant, 2001-09-09 (1e12 ms): anything earlier is junk or seconds read as ms. */
export const MIN_PLAUSIBLE_MS = 1e12;
/** Latest plausible instant, 2286-11-20 (1e13 ms): anything later is junk or ms read as seconds. */
export const MAX_PLAUSIBLE_MS = 1e13;

/** The one-line detail of a credential whose expiry is not a plausible time. */
export const IMPLAUSIBLE_EXPIRY = 'token expiry is not a plausible time';

/** `value` (epoch milliseconds) when it is a finite number between 2001 and 2286, else null. */
export function plausibleEpochMs(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return value >= MIN_PLAUSIBLE_MS && value < MAX_PLAUSIBLE_MS ? value : null;
}

/** `value` (epoch seconds, as JWT `exp` and Codex `reset_at`) in milliseconds, when plausible; else null. */
export function plausibleEpochSeconds(value: unknown): number | null {
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  return plausibleEpochMs(value * 1000);
}

/** An ISO date string's instant in ms when it parses to a plausible time; else null. */
export function plausibleIsoMs(value: unknown): number | null {
  return typeof value === 'string' ? plausibleEpochMs(Date.parse(value)) : null;
}

/** The ISO form of an instant, or null when it is absent or not plausible (never throws). */
export function isoOrNull(ms: number | null | undefined): string | null {
  const at = plausibleEpochMs(ms);
  return at === null ? null : new Date(at).toISOString();
}
