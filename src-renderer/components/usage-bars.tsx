import { formatAgo } from '../../src-shared/format';
import { type ProviderUsage } from '../../src-shared/protocol/index';
import { useNow } from '../lib/use-now';

import { NamedLimits } from './named-limits';
import { UsageBar } from './usage-bar';

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
            <UsageBar key={window.label} provider={provider} window={window} now={now} />
          ))}
        </ul>
      ) : !usage.error ? (
        <p className="usage-empty">No usage windows reported yet.</p>
      ) : null}
      <NamedLimits provider={provider} limits={usage.limits ?? []} now={now} />
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
