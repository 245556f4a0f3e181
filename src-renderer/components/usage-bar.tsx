// One usage window as a bar: what is left, its reset countdown, its pace warning and (in the
// popover, when the gateway keeps a history) its last day as a sparkline. The plan's windows and
// the named limits' (issue 17) are drawn alike.
import { formatPace } from '../../src-shared/pace-text';
import { type UsageWindow } from '../../src-shared/protocol/index';

import { Sparkline, useRowSparkline } from './charts/sparkline';
import { Countdown } from './countdown';

/** Bar colour by what is left: plenty, getting low, nearly gone. */
function level(leftPercent: number): 'ok' | 'low' | 'critical' {
  if (leftPercent <= 5) return 'critical';
  if (leftPercent <= 20) return 'low';
  return 'ok';
}

function clampPercent(value: number): number {
  return Math.max(0, Math.min(100, Math.round(value)));
}

/** A small clock drawn in SVG: emoji fonts are not everywhere (headless Linux has none). */
function ClockIcon() {
  return (
    <svg className="icon-clock" viewBox="0 0 16 16" width="11" height="11" aria-hidden="true" focusable="false">
      <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M8 4.5V8l2.5 1.5" fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}

export interface UsageBarProps {
  provider: string;
  window: UsageWindow;
  now: number;
  /** The named limit the window belongs to (issue 17); absent for the plan's own windows. */
  limit?: string;
}

export function UsageBar({ provider, window, now, limit }: UsageBarProps) {
  const left = clampPercent(window.leftPercent);
  const what = limit ? `${provider} ${limit} ${window.label}` : `${provider} ${window.label}`;
  // A window projected to run out before its reset says so under its bar (issue 19); a pace
  // that lasts stays quiet here (the dashboard's charts show it).
  const risk = window.pace?.kind === 'runs-out' ? formatPace(window.pace, now) : null;
  const resetAt = window.resetAt ? Date.parse(window.resetAt) : null;
  // The popover draws the last day beside the bar (issue 19) when the gateway keeps a history.
  // Sparklines are of the plan's windows; a named limit's history is on the dashboard's charts.
  const spark = useRowSparkline(provider, limit ? '' : window.label);
  return (
    <li className={`usage-row${spark ? ' has-spark' : ''}`} data-window={window.label}>
      <span className="usage-label">{window.label}</span>
      <span
        className={`usage-bar usage-${level(left)}`}
        role="meter"
        aria-label={`${what} window: ${left}% left`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={left}
        aria-valuetext={`${left}% left`}
      >
        <span className="usage-fill" style={{ width: `${left}%` }} />
      </span>
      {spark ? <Sparkline {...spark} name={what} /> : null}
      <span className="usage-left">{left}% left</span>
      <span className="usage-reset">
        {resetAt !== null && !Number.isNaN(resetAt) ? (
          <>
            <ClockIcon />
            <span className="visually-hidden">resets in </span>
            <Countdown target={resetAt} kind="reset" />
          </>
        ) : null}
      </span>
      {risk ? (
        <span className="usage-pace" role="note">
          At this pace it {risk}
        </span>
      ) : null}
    </li>
  );
}
