// A usage window's pace in words, one phrasing for the CLI, the tray, the notifications and the
// dashboard. The pace carries absolute times; each caller words it against its own clock.
import { formatDuration } from './format.js';

import type { WindowPace } from './protocol/index.js';

const at = (iso: string | null): number | null => {
  if (iso === null) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
};

/**
 * `runs out in 1h 12m, 38m before the reset` · `on pace to end at 64%` · `used up until the reset`;
 * null for a pace whose times do not parse.
 */
export function formatPace(pace: WindowPace, now: number): string | null {
  switch (pace.kind) {
    case 'runs-out': {
      const runOut = at(pace.runOutAt);
      const reset = at(pace.resetAt);
      if (runOut === null || reset === null) return null;
      return `runs out in ${formatDuration(runOut - now)}, ${formatDuration(reset - runOut)} before the reset`;
    }
    case 'lasts':
      return `on pace to end at ${Math.min(100, Math.round(pace.projectedPercent))}%`;
    case 'exhausted':
      return 'used up until the reset';
  }
}

/**
 * The short note for a window at risk — projected to run out before its reset — or null for any
 * other pace: `runs out in 1h 12m` (what `models status` and the tray append to the window).
 */
export function paceRiskNote(pace: WindowPace | undefined, now: number): string | null {
  if (pace?.kind !== 'runs-out') return null;
  const runOut = at(pace.runOutAt);
  return runOut === null ? null : `runs out in ${formatDuration(runOut - now)}`;
}
