// `usage.turns`: the agent's turns per auth profile over time — which profile (and account)
// carried the load, and which ones failed. Pure: turns in, per-bucket counts out. The busiest
// profiles get a series each; the rest are summed as `other`, so the answer stays small.
import { TURNS_MAX_SERIES, type AgentTurnsView, type TurnSeriesView } from '../../../../src-shared/protocol/index.js';
import { localDay, reportStart } from '../cost/usage-report.js';

import type { AgentTurn } from './types.js';

const HOUR = 3_600_000;

/** Provider and account of a profile id: `openai-codex:codex-cli@work` → `openai-codex`, `work`. */
export function profileParts(profile: string): { provider: string; account: string } {
  const at = profile.lastIndexOf('@');
  return { provider: profile.split(':')[0]!, account: at > profile.indexOf(':') ? profile.slice(at + 1) : '' };
}

/** The buckets' starts, oldest first: the last `days` local days, or their hours. */
export function bucketStarts(now: number, days: number, bucket: 'hour' | 'day'): number[] {
  if (bucket === 'hour') {
    const last = Math.floor(now / HOUR) * HOUR;
    return Array.from({ length: days * 24 }, (_, i) => last - (days * 24 - 1 - i) * HOUR);
  }
  const starts: number[] = [];
  const d = new Date(reportStart(now, days));
  for (let i = 0; i < days; i++) {
    starts.push(d.getTime());
    d.setDate(d.getDate() + 1); // local days: 23 or 25 hours across a DST change
  }
  return starts;
}

export function buildTurnSeries(
  turns: readonly AgentTurn[],
  options: { now: number; days: number; bucket: 'hour' | 'day'; maxSeries?: number },
): AgentTurnsView {
  const buckets = bucketStarts(options.now, options.days, options.bucket);
  const dayIndex = new Map(buckets.map((start, i) => [localDay(start), i]));
  const indexOf = (at: number): number => {
    if (at < buckets[0]! || at > options.now) return -1;
    if (options.bucket === 'day') return dayIndex.get(localDay(at)) ?? -1;
    return Math.min(buckets.length - 1, Math.floor((at - buckets[0]!) / HOUR));
  };
  const empty = (profile: string): TurnSeriesView => ({
    profile,
    ...(profile === 'other' ? { provider: '', account: '' } : profileParts(profile)),
    ok: buckets.map(() => 0),
    failed: buckets.map(() => 0),
    tokens: buckets.map(() => 0),
  });
  const add = (into: TurnSeriesView, i: number, turn: Pick<AgentTurn, 'outcome' | 'inputTokens' | 'outputTokens'>) => {
    if (turn.outcome === 'ok') into.ok[i]! += 1;
    else into.failed[i]! += 1;
    into.tokens[i]! += turn.inputTokens + turn.outputTokens;
  };

  const byProfile = new Map<string, TurnSeriesView>();
  for (const turn of turns) {
    const i = indexOf(turn.at);
    if (i < 0) continue;
    let series = byProfile.get(turn.profile);
    if (!series) byProfile.set(turn.profile, (series = empty(turn.profile)));
    add(series, i, turn);
  }
  const total = (s: TurnSeriesView) => s.ok.reduce((a, b) => a + b, 0) + s.failed.reduce((a, b) => a + b, 0);
  const ranked = [...byProfile.values()].sort((a, b) => total(b) - total(a) || a.profile.localeCompare(b.profile));
  const max = options.maxSeries ?? TURNS_MAX_SERIES;
  if (ranked.length <= max) return { bucket: options.bucket, buckets, series: ranked };
  const other = empty('other');
  for (const series of ranked.slice(max - 1)) {
    for (let i = 0; i < buckets.length; i++) {
      other.ok[i]! += series.ok[i]!;
      other.failed[i]! += series.failed[i]!;
      other.tokens[i]! += series.tokens[i]!;
    }
  }
  return { bucket: options.bucket, buckets, series: [...ranked.slice(0, max - 1), other] };
}
