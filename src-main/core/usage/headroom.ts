// How much a login has left for one model's turn (issue 17), as routing (agent/routing.ts) and the
// provider headline (auth/order.ts) both need it. Pure: a reading, a model and a clock in.
//
// Which windows bound a turn of a model:
// - A ChatGPT login's named limit (`additional_rate_limits`) applies to a model when the Codex
//   backend said so — its `x-codex-active-limit` header names the limit of each request
//   (docs/usage-endpoints.md#which-limit-a-model-uses) — or, before any answer said so, when the
//   limit's `limit_name` is the model's name (`GPT-5.3-Codex-Spark` ↔ `gpt-5.3-codex-spark`).
//   Codex counts a request against that one limit, so its windows replace the plan's for the turn.
//   A limit id the server names that is none of the login's named limits (`codex`, `premium`) is
//   the plan's own: its windows apply.
// - Claude's `Week Opus` / `Week Sonnet` (`UsageWindow.model`) bound only Opus / Sonnet turns, on
//   top of the windows every model shares.
// - Every other window bounds every model.
//
// "Before this turn completes": a window whose pace (core/usage/pace.ts) projects it to run out
// within {@link TURN_HORIZON_MS} of now is as good as used up for a turn started now. The horizon
// is the turn's own budget: an answer streams for seconds to a couple of minutes, and the reading
// the projection starts from is up to one usage poll (5 minutes by default) old — the pace already
// projects from the reading's time, so the horizon only has to cover the turn.
import { formatDuration } from '../../../src-shared/format.js';

import type { NamedLimit, ProviderUsage, UsageWindow } from '../../../src-shared/protocol/index.js';

/** How far ahead a projected run-out makes a window unusable for a turn starting now (see above). */
export const TURN_HORIZON_MS = 5 * 60_000;

/** `GPT-5.3-Codex-Spark` and `gpt-5.3-codex-spark` alike: lower case, runs of other characters as one dash. */
function nameKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The named limit that applies to `model` (the provider's model id), or null for the plan's own. */
export function limitForModel(
  usage: ProviderUsage | null,
  model: string | null,
  /** The limit id the server last named for this model (`x-codex-active-limit`), if any. */
  serverLimit: string | null = null,
): NamedLimit | null {
  const limits = usage?.limits ?? [];
  if (serverLimit !== null) return limits.find((limit) => limit.id === serverLimit) ?? null;
  if (model === null) return null;
  const key = nameKey(model);
  return limits.find((limit) => nameKey(limit.name) === key || nameKey(limit.id) === key) ?? null;
}

/** The windows that bound a turn of `model` (null: no model in particular — the plan's shared windows). */
export function windowsForModel(
  usage: ProviderUsage | null,
  model: string | null,
  serverLimit: string | null = null,
): { limit: NamedLimit | null; windows: UsageWindow[] } {
  const limit = limitForModel(usage, model, serverLimit);
  if (limit) return { limit, windows: limit.windows };
  const lower = model?.toLowerCase() ?? null;
  const windows = (usage?.windows ?? []).filter(
    (window) => window.model === undefined || (lower !== null && lower.includes(window.model)),
  );
  return { limit: null, windows };
}

/** The window with the least left, or null without windows. */
export function tightest(windows: readonly UsageWindow[]): UsageWindow | null {
  let least: UsageWindow | null = null;
  for (const window of windows) if (!least || window.leftPercent < least.leftPercent) least = window;
  return least;
}

/**
 * Why a turn starting at `now` cannot count on these windows — one is used up (`5h 0% left`), or its
 * pace runs it out within the horizon (`Week runs out in 3m`) — or null when it can. `prefix` names
 * a named limit in front (`GPT-5.3-Codex-Spark Week runs out in 3m`).
 */
export function blockedBecause(
  windows: readonly UsageWindow[],
  now: number,
  prefix = '',
  horizonMs = TURN_HORIZON_MS,
): string | null {
  const name = (window: UsageWindow) => (prefix ? `${prefix} ${window.label}` : window.label);
  for (const window of windows) {
    if (window.leftPercent <= 0 || window.pace?.kind === 'exhausted')
      return `${name(window)} ${window.leftPercent}% left`;
  }
  for (const window of windows) {
    if (window.pace?.kind !== 'runs-out') continue;
    const runOut = Date.parse(window.pace.runOutAt);
    if (Number.isNaN(runOut) || runOut - now > horizonMs) continue;
    const inMs = Math.max(0, runOut - now);
    return `${name(window)} runs out in ${inMs < 60_000 ? 'under a minute' : formatDuration(inMs)}`;
  }
  return null;
}

/** What a login has for a turn of `model`: the tightest applicable window and, if any, why it cannot be used. */
export interface TurnHeadroom {
  /** The named limit the turn counts against, null for the plan's own windows. */
  limit: NamedLimit | null;
  /** The applicable window with the least left; null without windows (an API key, no reading yet). */
  window: UsageWindow | null;
  /** Why the login should sit this turn out, or null. */
  blocked: string | null;
}

export function turnHeadroom(
  usage: ProviderUsage | null,
  model: string | null,
  now: number,
  serverLimit: string | null = null,
): TurnHeadroom {
  const { limit, windows } = windowsForModel(usage, model, serverLimit);
  return { limit, window: tightest(windows), blocked: blockedBecause(windows, now, limit?.name ?? '') };
}

/** `5h 40% left`, or `GPT-5.3-Codex-Spark 5h 40% left` for a named limit's window. */
export function headroomText(headroom: Pick<TurnHeadroom, 'limit' | 'window'>): string | null {
  const { limit, window } = headroom;
  if (!window) return null;
  return `${limit ? `${limit.name} ` : ''}${window.label} ${window.leftPercent}% left`;
}

/** Percentage points within which two logins count as tied (the session's current one stays). */
export const HEADROOM_TIE_POINTS = 5;

/**
 * Orders candidates by headroom: known headroom first, most left first; unknown (an API key has no
 * windows) after, in their configured order (`index`). The `current` one (the session's last) moves
 * first when it is within {@link HEADROOM_TIE_POINTS} of the best, so a conversation does not hop.
 */
export function rankByHeadroom<T extends { id: string; left: number | null; index: number }>(
  candidates: readonly T[],
  current: string | null,
): T[] {
  const ranked = [...candidates].sort((a, b) => {
    if (a.left === null || b.left === null) return a.left === null ? (b.left === null ? a.index - b.index : 1) : -1;
    return b.left - a.left || a.index - b.index;
  });
  const sticky = ranked.find((candidate) => candidate.id === current);
  const best = ranked[0];
  if (sticky && best && sticky !== best) {
    const tied = best.left === null || (sticky.left !== null && best.left - sticky.left <= HEADROOM_TIE_POINTS);
    if (tied) {
      ranked.splice(ranked.indexOf(sticky), 1);
      ranked.unshift(sticky);
    }
  }
  return ranked;
}
