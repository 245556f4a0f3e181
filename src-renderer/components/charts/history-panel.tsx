// The dashboard's history (issue 19): each usage window over the last week with its pace, the
// tokens and API-equivalent cost of each day per provider and account, and the agent's turns per
// profile — which account carried the load.
import { formatTokens, formatUsd } from '../../../src-shared/format';
import { useNow } from '../../lib/use-now';

import { BarChart } from './bar-chart';
import { dailySeries, turnsSeries } from './chart-data';
import { useGatewayQuery, type Loaded } from './use-history';
import { WindowChart } from './window-chart';
import './charts.css';

const WINDOW_DAYS = 7;
const DAILY_DAYS = 14;

function Status<T>({ loaded, empty }: { loaded: Loaded<T>; empty: string | null }) {
  if (loaded.state === 'loading') return <p className="chart-empty">Loading…</p>;
  if (loaded.state === 'error') return <p className="chart-empty">History unavailable: {loaded.message}</p>;
  return empty ? <p className="chart-empty">{empty}</p> : null;
}

export interface HistoryPanelProps {
  /** A provider's short name (`Codex`), from the provider views. */
  nameOf: (provider: string) => string;
}

export function HistoryPanel({ nameOf }: HistoryPanelProps) {
  const now = useNow();
  const windows = useGatewayQuery('usage.history', { days: WINDOW_DAYS });
  const daily = useGatewayQuery('usage.daily', { days: DAILY_DAYS });
  const turns = useGatewayQuery('usage.turns', { days: DAILY_DAYS, bucket: 'day' });

  const windowList = windows.state === 'ready' ? windows.data.windows : [];
  const days = daily.state === 'ready' ? dailySeries(daily.data) : null;
  const agent = turns.state === 'ready' ? turnsSeries(turns.data) : null;
  return (
    <section className="history" aria-labelledby="history-heading">
      <h2 id="history-heading" className="history-heading">
        History
      </h2>

      <h3 className="history-subheading">Usage windows, last {WINDOW_DAYS} days</h3>
      <Status
        loaded={windows}
        empty={
          windowList.length === 0 ? 'Nothing recorded yet: the gateway records every usage reading from now on.' : null
        }
      />
      <div className="history-windows">
        {windows.state === 'ready'
          ? windowList.map((w) => (
              <WindowChart
                key={`${w.provider}|${w.account}|${w.limit}|${w.label}`}
                history={w}
                name={`${nameOf(w.provider)}${w.account ? ` · ${w.account}` : ''} ${w.label}`}
                since={windows.data.since}
                now={now}
                days={WINDOW_DAYS}
              />
            ))
          : null}
      </div>

      <h3 className="history-subheading">Tokens per day</h3>
      <Status loaded={daily} empty={days && days.series.length === 0 ? 'No tokens in the last 14 days.' : null} />
      {days && days.series.length > 0 && daily.state === 'ready' ? (
        <BarChart
          categories={days.categories}
          series={days.series}
          format={formatTokens}
          description={`Tokens per day over the last ${DAILY_DAYS} days, per provider and account: ${days.series
            .map((s) => `${s.label} ${formatTokens(s.values.reduce((a, b) => a + b, 0))}`)
            .join(', ')}; ${formatUsd(days.totalUsd)} API-equivalent.`}
          caption={
            <>
              {formatUsd(days.totalUsd)} API-equivalent value over {DAILY_DAYS} days (list prices of{' '}
              {daily.data.pricesUpdated}, not a bill)
              {days.unpricedTokens > 0 ? `; ${formatTokens(days.unpricedTokens)} tokens without a known price` : ''}
            </>
          }
          extra={{ header: 'Cost', cells: days.costCells }}
        />
      ) : null}

      <h3 className="history-subheading">Agent turns per profile</h3>
      <Status
        loaded={turns}
        empty={agent && agent.answered + agent.failed === 0 ? 'The agent has not answered in the last 14 days.' : null}
      />
      {agent && agent.answered + agent.failed > 0 ? (
        <BarChart
          categories={agent.categories}
          series={agent.series}
          format={(v) => String(Math.round(v))}
          description={`Agent turns per day over the last ${DAILY_DAYS} days, per profile: ${agent.series
            .map((s) => `${s.label} ${s.values.reduce((a, b) => a + b, 0)}`)
            .join(', ')}; ${agent.failed} failed attempts.`}
          caption={`${agent.answered} answered turns, ${agent.failed} failed attempts`}
        />
      ) : null}
    </section>
  );
}
