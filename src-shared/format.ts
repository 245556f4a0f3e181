// Pure formatting shared by the CLI, the tray and the renderer: no Node or DOM imports here.

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Parses `"24h"`, `"90m"`, `"300s"`, `"2d"`, `"500ms"` into milliseconds; null when malformed. */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(text);
  if (!match) return null;
  return Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
}

/**
 * Formats a remaining time as DESIGN.md §4 fixes it: `<n>m` under an hour, `<h>h <m>m` under a
 * day, `<d>d <h>h` beyond. Negative values format as `0m`.
 */
export function formatDuration(ms: number): string {
  const totalMinutes = Math.max(0, Math.floor(ms / 60_000));
  if (totalMinutes < 60) return `${totalMinutes}m`;
  const totalHours = Math.floor(totalMinutes / 60);
  if (totalHours < 24) return `${totalHours}h ${totalMinutes % 60}m`;
  return `${Math.floor(totalHours / 24)}d ${totalHours % 24}h`;
}
/** 1234 → `1.2k`, 3_400_000 → `3.4M`. */
export function formatTokens(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  if (n < 1_000_000_000) return `${(n / 1_000_000).toFixed(n < 10_000_000 ? 1 : 0)}M`;
  return `${(n / 1_000_000_000).toFixed(1)}B`;
}

/** API-equivalent dollars (`≈ $1.23`); `—` where no price is known. */
export const formatUsd = (usd: number | null): string =>
  usd === null ? '—' : usd > 0 && usd < 0.01 ? '≈ <$0.01' : `≈ $${usd.toFixed(2)}`;
