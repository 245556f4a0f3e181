// The one-line text form of usage windows, shared by the CLI, the tray and the renderer, so it
// imports nothing from Node.
import { formatDuration, percentLeft } from '../../../src-shared/format.js';
import { paceRiskNote } from '../../../src-shared/pace-text.js';

import type { ProviderUsage, UsageWindow } from '../../../src-shared/protocol/index.js';

/**
 * `5h 100% left ⏱4h 59m`; the countdown is left out when the server gave no reset time. A window
 * projected to run out before its reset says when: `5h 36% left ⏱3h 0m (runs out in 1h 12m)`.
 */
export function formatUsageWindow(window: UsageWindow, now: number): string {
  const risk = paceRiskNote(window.pace, now);
  const note = risk ? ` (${risk})` : '';
  const left = `${window.label} ${percentLeft(window.leftPercent)}% left`;
  if (!window.resetAt) return `${left}${note}`;
  const resetMs = Date.parse(window.resetAt);
  return `${Number.isNaN(resetMs) ? left : `${left} ⏱${formatDuration(resetMs - now)}`}${note}`;
}

/** `5h 100% left ⏱4h 59m · Week 53% left ⏱2d 15h`, or `no usage windows` when the server sent none. */
export function formatUsageWindows(usage: Pick<ProviderUsage, 'windows'>, now: number): string {
  if (usage.windows.length === 0) return 'no usage windows';
  return usage.windows.map((window) => formatUsageWindow(window, now)).join(' · ');
}

/**
 * What follows `- <provider> ` on the CLI's provider line: `usage: <windows>`, with
 * `(stale, fetched 12m ago)` when the numbers are from an earlier fetch, or
 * `usage unavailable (<reason>)` when there are none (a reason that already speaks of usage,
 * `usage server unreachable`, stands alone).
 */
export function formatUsageLine(usage: ProviderUsage, now: number): string {
  if (usage.error && (usage.windows.length === 0 || !usage.stale)) {
    return usage.error.startsWith('usage ') ? usage.error : `usage unavailable (${usage.error})`;
  }
  // Each named limit after the plan's windows: `…; GPT-6 Sol: 5h 12% left ⏱1h 5m`.
  const limits = (usage.limits ?? []).map((limit) => `; ${limit.name}: ${formatUsageWindows(limit, now)}`).join('');
  const text = `usage: ${formatUsageWindows(usage, now)}${limits}`;
  if (!usage.stale || !usage.fetchedAt) return text;
  return `${text} (stale, fetched ${formatDuration(now - Date.parse(usage.fetchedAt))} ago)`;
}
