// `clawbar usage`: tokens and API-equivalent cost per local day, source and model, from the CLIs'
// logs (hourly buckets) and clawbar's own agent turns, plus the text and JSON forms.
import { formatTokens, formatUsd } from '../../../../src-shared/format.js';

import { costOf, type PriceTable } from './prices.js';
import { addCounts, zeroCounts, type LogSource, type TokenCounts, type UsageBucket } from './types.js';

import type { AgentTurn } from '../history/types.js';

export type UsageSourceName = LogSource | 'agent';

export interface UsageRow extends TokenCounts {
  /** Local calendar day, YYYY-MM-DD. */
  day: string;
  source: UsageSourceName;
  model: string;
  /** API-equivalent USD; null when the model has no known price. */
  costUsd: number | null;
}

export interface UsageReport {
  days: number;
  since: number;
  pricesUpdated: string;
  rows: UsageRow[];
  totals: TokenCounts & { costUsd: number; unpricedModels: string[] };
}

const HOUR = 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');
/** The local calendar day of a time. */
export const localDay = (at: number): string => {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/** One agent turn as token counts: one request, its provider's input, cached and output tokens. */
export function turnCounts(t: AgentTurn): TokenCounts {
  return {
    input: t.inputTokens,
    cached: t.cachedTokens,
    cacheWrite: 0,
    output: t.outputTokens,
    reasoning: 0,
    requests: 1,
  };
}

/** Midnight (local) `days − 1` days before `now`: the start of a `--days N` report. */
export function reportStart(now: number, days: number): number {
  const d = new Date(now);
  d.setHours(0, 0, 0, 0);
  d.setDate(d.getDate() - (days - 1));
  return d.getTime();
}

export function buildUsageReport(input: {
  now: number;
  days: number;
  buckets: ReadonlyArray<UsageBucket & { source: LogSource }>;
  turns: readonly AgentTurn[];
  prices: PriceTable;
}): UsageReport {
  const since = reportStart(input.now, input.days);
  const rows = new Map<string, UsageRow>();
  const add = (at: number, source: UsageSourceName, model: string, counts: TokenCounts): void => {
    if (at < since) return;
    const day = localDay(at);
    const key = `${day}\u0000${source}\u0000${model}`;
    const row = rows.get(key) ?? { day, source, model, ...zeroCounts(), costUsd: null };
    rows.set(key, addCounts(row, counts));
  };
  // A bucket belongs to the day its hour starts in (exact wherever the UTC offset is whole hours).
  for (const b of input.buckets) add(b.hour * HOUR, b.source, b.model, b);
  for (const t of input.turns) {
    add(t.at, 'agent', t.model, turnCounts(t));
  }

  const totals = { ...zeroCounts(), costUsd: 0, unpricedModels: [] as string[] };
  const unpriced = new Set<string>();
  const sorted = [...rows.values()].sort(
    (a, b) => a.day.localeCompare(b.day) || a.source.localeCompare(b.source) || a.model.localeCompare(b.model),
  );
  for (const row of sorted) {
    const price = input.prices.price(row.model);
    row.costUsd = price ? costOf(row, price) : null;
    if (row.costUsd === null) unpriced.add(row.model);
    else totals.costUsd += row.costUsd;
    addCounts(totals, row);
  }
  totals.unpricedModels = [...unpriced].sort();
  return { days: input.days, since, pricesUpdated: input.prices.updated, rows: sorted, totals };
}

// The CLI's `usage --live` takes these with the report (they live in src-shared for the dashboard too).
export { formatTokens, formatUsd };

/** The report as the CLI prints it: one table, then the total and what the dollars mean. */
export function formatUsageReport(report: UsageReport): string {
  const header = ['Day', 'Source', 'Model', 'Input', 'Cached', 'Output', 'Cost'];
  const body = report.rows.map((r) => [
    r.day,
    r.source,
    r.model,
    formatTokens(r.input),
    formatTokens(r.cached),
    formatTokens(r.output),
    formatUsd(r.costUsd),
  ]);
  const lines: string[] = [];
  if (body.length === 0) {
    lines.push(`No token use found in the last ${report.days} day${report.days === 1 ? '' : 's'}.`);
  } else {
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
    const right = new Set([3, 4, 5, 6]);
    const render = (cells: string[]) =>
      cells
        .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd();
    lines.push(render(header), ...body.map(render));
    const t = report.totals;
    lines.push(
      '',
      `Total: ${formatTokens(t.input)} in (${formatTokens(t.cached)} cached), ${formatTokens(t.output)} out, ${t.requests} responses, ${formatUsd(t.costUsd)}`,
    );
    if (t.unpricedModels.length > 0)
      lines.push(`No price known for ${t.unpricedModels.join(', ')}: tokens only (set usage.prices in config.json).`);
  }
  lines.push(
    `Cost is the API-equivalent value at list prices of ${report.pricesUpdated}; a subscription is billed differently.`,
  );
  return lines.join('\n');
}

/** The report as `--json` prints it. */
export function usageReportJson(report: UsageReport, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const tokens = (c: TokenCounts) => ({
    inputTokens: c.input,
    cachedInputTokens: c.cached,
    cacheWriteTokens: c.cacheWrite,
    outputTokens: c.output,
    reasoningTokens: c.reasoning,
    responses: c.requests,
  });
  return {
    days: report.days,
    since: new Date(report.since).toISOString(),
    cost: { currency: 'USD', meaning: 'API-equivalent value at list prices', pricesUpdated: report.pricesUpdated },
    rows: report.rows.map((r) => ({ day: r.day, source: r.source, model: r.model, ...tokens(r), costUsd: r.costUsd })),
    totals: { ...tokens(report.totals), costUsd: report.totals.costUsd, unpricedModels: report.totals.unpricedModels },
    ...extra,
  };
}
