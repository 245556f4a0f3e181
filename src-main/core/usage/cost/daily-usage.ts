// `usage.daily`: tokens and API-equivalent cost per local day, provider, account and source, from
// the CLIs' logs (hourly buckets) and clawbar's own agent turns — the dashboard's daily bars. Each
// model is priced on its own, then summed into its row; tokens of a model without a known price
// are counted and named as unpriced, never guessed.
import { providerOfLogs, shortName } from '../../providers/registry.js';
import { profileParts } from '../history/turn-series.js';

import { costOf, type PriceTable } from './prices.js';
import { localDay, reportStart, turnCounts } from './usage-report.js';

import type { DailyUsageRow, DailyUsageView } from '../../../../src-shared/protocol/index.js';
import type { AgentTurn } from '../history/types.js';
import type { LogSource, TokenCounts, UsageBucket } from './types.js';

const HOUR = 3_600_000;

export interface DailyUsageInput {
  now: number;
  days: number;
  /** Log buckets; `account` is the CLI home they came from ('' for the default one). */
  buckets: ReadonlyArray<UsageBucket & { source: LogSource; account?: string }>;
  turns: readonly AgentTurn[];
  prices: PriceTable;
}

export function buildDailyUsage(input: DailyUsageInput): DailyUsageView {
  const since = reportStart(input.now, input.days);
  const days: string[] = [];
  for (const d = new Date(since); days.length < input.days; d.setDate(d.getDate() + 1))
    days.push(localDay(d.getTime()));
  const rows = new Map<string, DailyUsageRow>();
  const add = (
    at: number,
    provider: string,
    account: string,
    source: DailyUsageRow['source'],
    model: string,
    counts: TokenCounts,
  ) => {
    if (at < since || at > input.now) return;
    const day = localDay(at);
    const key = JSON.stringify([day, provider, account, source]);
    let row = rows.get(key);
    if (!row) {
      row = {
        day,
        provider,
        account,
        source,
        inputTokens: 0,
        cachedInputTokens: 0,
        outputTokens: 0,
        costUsd: null,
        unpricedTokens: 0,
      };
      rows.set(key, row);
    }
    row.inputTokens += counts.input;
    row.cachedInputTokens += counts.cached;
    row.outputTokens += counts.output;
    const price = input.prices.price(model);
    if (price) row.costUsd = (row.costUsd ?? 0) + costOf(counts, price);
    else row.unpricedTokens += counts.input + counts.output;
  };
  // A bucket belongs to the day its hour starts in (exact wherever the UTC offset is whole hours).
  for (const b of input.buckets) add(b.hour * HOUR, providerOfLogs(b.source), b.account ?? '', b.source, b.model, b);
  for (const t of input.turns) {
    const { provider, account } = profileParts(t.profile);
    add(t.at, provider, account, 'agent', t.model, turnCounts(t));
  }
  const sorted = [...rows.values()].sort(
    (a, b) =>
      a.day.localeCompare(b.day) ||
      a.provider.localeCompare(b.provider) ||
      a.account.localeCompare(b.account) ||
      a.source.localeCompare(b.source),
  );
  const names = Object.fromEntries([...new Set(sorted.map((r) => r.provider))].map((p) => [p, shortName(p)]));
  return { days, rows: sorted, names, pricesUpdated: input.prices.updated };
}
