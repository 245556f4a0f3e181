// From the gateway's chart answers (`usage.daily`, `usage.turns`) to bar series: the daily tokens
// summed per provider and account over their sources, the agent's answered turns per profile.
import { formatUsd } from '../../../src-shared/format';
import { type AgentTurnsView, type DailyUsageView } from '../../../src-shared/protocol/index';

import { type BarSeries } from './geometry';

/** `2026-11-23` (a local day) → `Mon 23`. */
export function dayLabel(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(y!, (m ?? 1) - 1, d ?? 1);
  return `${date.toLocaleDateString(undefined, { weekday: 'short' })} ${date.getDate()}`;
}

/** A bucket start (epoch ms) → `Mon 23` for days, `14:00` for hours. */
export function bucketLabel(at: number, bucket: 'hour' | 'day'): string {
  const date = new Date(at);
  if (bucket === 'day') return `${date.toLocaleDateString(undefined, { weekday: 'short' })} ${date.getDate()}`;
  return `${String(date.getHours()).padStart(2, '0')}:00`;
}

export interface DailySeries {
  categories: string[];
  series: BarSeries[];
  /** Per day: the API-equivalent cost (`≈ $1.23`, `—` where no price is known). */
  costCells: string[];
  /** Over all days; null when no token had a known price. */
  totalUsd: number | null;
  /** Tokens of models without a known price, over all days. */
  unpricedTokens: number;
}

/** Tokens (input + output) per day and provider/account, named by the view's short names. */
export function dailySeries(view: DailyUsageView): DailySeries {
  const nameOf = (provider: string) => view.names[provider] ?? provider;
  const index = new Map(view.days.map((day, i) => [day, i]));
  const byKey = new Map<string, BarSeries>();
  const cost: Array<number | null> = view.days.map(() => null);
  let totalUsd: number | null = null;
  let unpricedTokens = 0;
  for (const row of view.rows) {
    const i = index.get(row.day);
    if (i === undefined) continue;
    const key = `${row.provider}|${row.account}`;
    let series = byKey.get(key);
    if (!series) {
      const label = row.account ? `${nameOf(row.provider)} · ${row.account}` : nameOf(row.provider);
      series = { key, label, values: view.days.map(() => 0) };
      byKey.set(key, series);
    }
    series.values[i]! += row.inputTokens + row.outputTokens;
    if (row.costUsd !== null) {
      cost[i] = (cost[i] ?? 0) + row.costUsd;
      totalUsd = (totalUsd ?? 0) + row.costUsd;
    }
    unpricedTokens += row.unpricedTokens;
  }
  const series = [...byKey.values()].sort((a, b) => a.label.localeCompare(b.label));
  return { categories: view.days.map(dayLabel), series, costCells: cost.map(formatUsd), totalUsd, unpricedTokens };
}

export interface TurnsSeries {
  categories: string[];
  /** Answered turns per profile. */
  series: BarSeries[];
  answered: number;
  failed: number;
}

export function turnsSeries(view: AgentTurnsView): TurnsSeries {
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return {
    categories: view.buckets.map((at) => bucketLabel(at, view.bucket)),
    series: view.series.map((s) => ({ key: s.profile, label: s.profile, values: s.ok })),
    answered: sum(view.series.map((s) => sum(s.ok))),
    failed: sum(view.series.map((s) => sum(s.failed))),
  };
}
