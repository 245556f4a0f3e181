import { formatAgo } from '../../src-shared/format';
import { type ProviderUsage, type UsageWindow } from '../../src-shared/protocol/index';
import { useNow } from '../lib/use-now';

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

function UsageBar({ provider, window }: { provider: string; window: UsageWindow }) {
  const left = clampPercent(window.leftPercent);
  const resetAt = window.resetAt ? Date.parse(window.resetAt) : null;
  return (
    <li className="usage-row" data-window={window.label}>
      <span className="usage-label">{window.label}</span>
      <span
        className={`usage-bar usage-${level(left)}`}
        role="meter"
        aria-label={`${provider} ${window.label} window: ${left}% left`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={left}
        aria-valuetext={`${left}% left`}
      >
        <span className="usage-fill" style={{ width: `${left}%` }} />
      </span>
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
    </li>
  );
}

export interface UsageBarsProps {
  provider: string;
  usage: ProviderUsage | null;
}

/** One bar per usage window of a provider, with its reset countdown, staleness and error. */
export function UsageBars({ provider, usage }: UsageBarsProps) {
  const now = useNow();
  if (!usage) return null;
  const fetchedAt = usage.fetchedAt ? Date.parse(usage.fetchedAt) : null;
  return (
    <div className="usage" aria-label={`${provider} usage`} role="group">
      {usage.windows.length > 0 ? (
        <ul className="usage-list">
          {usage.windows.map((window) => (
            <UsageBar key={window.label} provider={provider} window={window} />
          ))}
        </ul>
      ) : !usage.error ? (
        <p className="usage-empty">No usage windows reported yet.</p>
      ) : null}
      {usage.credits && (usage.credits.unlimited || usage.credits.hasCredits) ? (
        <p className="usage-credits">
          Credits: {usage.credits.unlimited ? 'unlimited' : (usage.credits.balance ?? 'available')}
        </p>
      ) : null}
      {usage.stale ? (
        <p className="usage-stale">
          <span className="stale-marker">stale</span>
          {fetchedAt !== null ? ` · ${formatAgo(fetchedAt, now)}` : ' · never fetched'}
        </p>
      ) : null}
      {usage.error ? (
        <p className="usage-error" role="note">
          {usage.error}
        </p>
      ) : null}
    </div>
  );
}
