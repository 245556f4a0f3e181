// The notification policy (DESIGN.md §8): state → notifications, as a pure function of the
// current state and a memory of what already fired. The memory IS the previous state: it is
// persisted in state/notified.json, so "once per (profile, threshold, token)" holds across
// restarts, and a state that merely flickers (a half-written auth.json read as `missing`, then
// the same token again) finds its notification already remembered and fires nothing.
import { createHash } from 'node:crypto';

import { formatAgo, formatDuration, percentLeft } from '../../../src-shared/format.js';
import { formatPace } from '../../../src-shared/pace-text.js';
import { renewerOf, renewsOnUse } from '../auth/status.js';
import { longLivedTokenOf, shortName } from '../providers/registry.js';

import { evaluateExhausted } from './routing-notices.js';

import type {
  AccountView,
  EventPayloads,
  NamedLimit,
  NotifyEvent,
  ProfileView,
  ProviderView,
  UsageWindow,
} from '../../../src-shared/protocol/index.js';

/** What the policy remembers; serialised as state/notified.json. */
export interface NotifyMemory {
  version: 1;
  /** Notification key → when it fired (epoch ms). Keys hold ids, thresholds and hashes, never a token. */
  fired: Record<string, number>;
  /** Per profile: the token identity last seen and how much time it had left when first seen. */
  tokens: Record<string, { identity: string; firstRemainingMs: number; rotated: boolean }>;
}

export interface NotifyThresholds {
  /** Lead times before expiry, e.g. [24 h, 1 h] in ms (config `notifications.expiring`). */
  expiringMs: number[];
  /** Used-percent marks of a usage window, e.g. [80, 95] (config `notifications.usageUsedPercent`). */
  usageUsedPercent: number[];
}

/** A provider's usage as the policy needs it (a `ProviderView` fits): its default login's and each account's. */
export type ProviderUsageInput = Pick<ProviderView, 'provider' | 'usage'> & {
  accounts?: Pick<AccountView, 'id' | 'label' | 'usage'>[] | undefined;
};

export interface PolicyInput {
  /** Current profiles, as the auth engine computed them; omitted = unchanged, not evaluated. */
  profiles?: ProfileView[];
  /** Current usage per provider; omitted = not evaluated. */
  providers?: ProviderUsageInput[];
  now: number;
  thresholds: NotifyThresholds;
  /**
   * The providers the agent may answer with (its model's, then its fallbacks'). A token renewed on
   * use of any other provider is nobody's concern now; omitted = every provider counts.
   */
  agentProviders?: readonly string[];
  /** Config `agent.model` (`openai-codex/gpt-6.1-sol`): whose provider's logins running out is told (issue 17). */
  agentModel?: string;
}

export interface PolicyResult {
  events: NotifyEvent[];
  memory: NotifyMemory;
  /** True when `memory` differs from the input memory and should be persisted. */
  changed: boolean;
}

export function emptyMemory(): NotifyMemory {
  return { version: 1, fired: {}, tokens: {} };
}

/**
 * A stable identity for the token a profile holds, without the token: a hash of the profile id
 * and its expiry. A refreshed or re-logged token has a new expiry, hence a new identity.
 */
export function tokenIdentity(profile: Pick<ProfileView, 'id' | 'expiresAt'>): string {
  return createHash('sha256')
    .update(`${profile.id}|${profile.expiresAt ?? 'none'}`)
    .digest('hex')
    .slice(0, 16);
}

// Two readings of one usage window may disagree on its reset time by seconds (it is derived from
// `reset_after_seconds`), so resets closer than this are the same window.
const SAME_WINDOW_TOLERANCE_MS = 10 * 60_000;

// A window projected to run out only minutes before its reset costs the user nothing worth an
// interruption; the pace warning waits for a gap at least this long.
const PACE_WARNING_MIN_GAP_MS = 10 * 60_000;

/**
 * Evaluates the current state against the memory; returns the notifications to show now and the
 * memory to keep. Pure: no clock, no files.
 */
export function evaluateNotifications(memory: NotifyMemory, input: PolicyInput): PolicyResult {
  const next: NotifyMemory = { version: 1, fired: { ...memory.fired }, tokens: { ...memory.tokens } };
  const events: NotifyEvent[] = [];
  let changed = false;
  const fire = (key: string, event: Omit<NotifyEvent, 'id'> | null) => {
    next.fired[key] = input.now;
    changed = true;
    if (event) events.push({ id: key, ...event });
  };

  for (const profile of input.profiles ?? []) {
    changed = evaluateProfile(profile, next, input, fire) || changed;
  }
  for (const provider of input.providers ?? []) {
    for (const { target, usage } of usageTargets(provider)) {
      if (!usage || usage.stale) continue; // An old reading says nothing new.
      for (const window of usage.windows) evaluateWindow(target, window, next, input, fire);
      // A named limit's windows are told like the plan's, the limit named (issue 17).
      for (const limit of usage.limits ?? [])
        for (const window of limit.windows) evaluateWindow(target, window, next, input, fire, limit);
    }
    evaluateExhausted(provider, next, input, fire);
  }
  return { events, memory: next, changed };
}

type Fire = (key: string, event: Omit<NotifyEvent, 'id'> | null) => void;

/**
 * Whose windows a usage notification is about. `key` is the usage key and the second field of the
 * notification id: the provider for its default login (so memories from before accounts still
 * match), `<provider>@<account>` for an account (issue 17), which keeps each account's
 * notifications apart and lets the hooks (hook-events.ts) tell the account.
 */
interface UsageTarget {
  key: string;
  /** How texts name it: `Codex`, or `Codex (Work)` for an account. */
  name: string;
}

function usageTargets(provider: ProviderUsageInput): { target: UsageTarget; usage: ProviderView['usage'] }[] {
  const name = shortName(provider.provider);
  return [
    { target: { key: provider.provider, name }, usage: provider.usage },
    ...(provider.accounts ?? []).map((account) => ({
      target: { key: `${provider.provider}@${account.id}`, name: `${name} (${account.label})` },
      usage: account.usage,
    })),
  ];
}

function profileLabel(profile: ProfileView): string {
  return profile.email ? `${profile.id} (${profile.email})` : profile.id;
}

function evaluateProfile(profile: ProfileView, memory: NotifyMemory, input: PolicyInput, fire: Fire): boolean {
  if (profile.status === 'missing' || profile.status === 'static') return false;
  const identity = tokenIdentity(profile);
  const expiresAt = profile.expiresAt === null ? null : Date.parse(profile.expiresAt);
  const remaining = expiresAt === null || Number.isNaN(expiresAt) ? null : expiresAt - input.now;
  const name = shortName(profile.provider);
  const relogin = reloginAction(profile);
  let tokensChanged = false;

  if (remaining !== null) {
    const known = memory.tokens[profile.id];
    if (!known || known.identity !== identity) {
      memory.tokens[profile.id] = { identity, firstRemainingMs: remaining, rotated: known !== undefined };
      tokensChanged = true;
    }
  }

  if (renewsOnUse(profile)) {
    evaluateRenewedOnUse(profile, identity, memory, input, fire);
    return tokensChanged;
  }
  if (profile.status === 'expired') {
    const key = `expired|${profile.id}|${identity}`;
    if (memory.fired[key] === undefined) {
      const rejected = profile.detail?.includes('rejected') ?? false;
      fire(key, {
        level: 'critical',
        title: rejected ? `${name} login rejected by the server` : `${name} login expired`,
        // A channel token is fixed in a terminal (`clawbar secrets set …`, from its view's fix); logins are re-logged.
        body: `${profileLabel(profile)}: ${profile.detail ?? 'the token has expired'}${
          profile.type === 'token' ? (profile.fix ? ` — run: ${profile.fix.command}.` : '.') : '. Re-login to fix it.'
        }`,
        profileId: profile.id,
        ...relogin,
      });
    }
    return tokensChanged;
  }

  if (remaining === null || remaining <= 0) return tokensChanged;
  const token = memory.tokens[profile.id];
  // A refreshable CLI mints short-lived tokens (Claude's last ~8 h): a token that replaced an
  // earlier one already inside a threshold was born there, and warning about it is noise.
  const bornInside = (threshold: number) =>
    profile.refreshable && token !== undefined && token.rotated && token.firstRemainingMs <= threshold;
  const crossed = [...new Set(input.thresholds.expiringMs)]
    .filter((t) => t > 0 && remaining <= t && !bornInside(t))
    .sort((a, b) => a - b);
  const unfired = crossed.filter((t) => memory.fired[`expiring|${profile.id}|${t}|${identity}`] === undefined);
  if (unfired.length === 0) return tokensChanged;
  // Several thresholds crossed at once (e.g. a laptop waking up): one notification, the most urgent.
  const mostUrgent = unfired[0]!;
  for (const t of unfired) {
    fire(
      `expiring|${profile.id}|${t}|${identity}`,
      t === mostUrgent
        ? {
            level: t <= 3_600_000 ? 'critical' : 'warning',
            title: `${name} login expires in ${formatDuration(remaining)}`,
            body: `${profileLabel(profile)} expires in ${formatDuration(remaining)}. Re-login now to keep it working.`,
            profileId: profile.id,
            ...relogin,
          }
        : null,
    );
  }
  return tokensChanged;
}

/** What a click on a login's notification does: its re-login, which may also be finished on another device. */
function reloginAction(profile: ProfileView): Pick<NotifyEvent, 'action' | 'deviceLogin'> {
  if (profile.type !== 'oauth') return {};
  return { action: 'relogin', ...(profile.deviceLogin ? { deviceLogin: true } : {}) };
}

const USABLE: ReadonlySet<ProfileView['status']> = new Set(['ok', 'expiring', 'static']);

/**
 * Issue 18: an access token past its expiry that its CLI renews on the next use (Claude Code's lives
 * about 8 hours) is no dead login, so no "login expired" alarm. When the agent may answer with its
 * provider, one warning per token says what it is and what the agent does meanwhile (another login
 * of its own, or nothing with that provider until the CLI runs — then the long-lived token is the
 * stable path); when the agent does not use that provider, nothing. A refresh that then fails makes
 * the profile not refreshable, and the ordinary expiry notification follows.
 */
function evaluateRenewedOnUse(
  profile: ProfileView,
  identity: string,
  memory: NotifyMemory,
  input: PolicyInput,
  fire: Fire,
): void {
  const agent = input.agentProviders;
  if (agent && !agent.includes(profile.provider)) return;
  const key = `renews|${profile.id}|${identity}`;
  if (memory.fired[key] !== undefined) return;
  const name = shortName(profile.provider);
  const renewer = renewerOf(profile) ?? 'its CLI';
  const expiredAt = profile.expiresAt === null ? NaN : Date.parse(profile.expiresAt);
  const when = Number.isNaN(expiredAt) ? '' : ` ${formatAgo(expiredAt, input.now)}`;
  const providers = agent ?? [profile.provider];
  const fallback = (input.profiles ?? []).some(
    (other) => other.id !== profile.id && providers.includes(other.provider) && USABLE.has(other.status),
  );
  const token = longLivedTokenOf(profile.provider);
  const meanwhile = fallback
    ? 'the agent uses the fallback meanwhile.'
    : `until then the agent cannot use ${name}${
        token ? ` (a gateway that runs alone: \`clawbar auth add-token ${profile.provider}\`)` : ''
      }.`;
  fire(key, {
    level: 'warning',
    title: `${name}'s access token expired`,
    body: `${name}'s access token expired${when} · ${renewer} renews it on next use; ${meanwhile}`,
    profileId: profile.id,
  });
}

function resetTime(window: UsageWindow): number | null {
  if (!window.resetAt) return null;
  const ms = Date.parse(window.resetAt);
  return Number.isNaN(ms) ? null : ms;
}

function sameWindow(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) < SAME_WINDOW_TOLERANCE_MS;
}

function parseResetPart(part: string | undefined): number | null {
  return part === undefined || part === 'none' ? null : Number(part);
}

/**
 * A window's slot in notification ids: its label, or `<limit id>:<label>` for a named limit's (the
 * id URI-encoded, as the server chose it and ids are `|`-separated; hook-events.ts reads it back).
 */
export function windowSlot(window: Pick<UsageWindow, 'label'>, limit?: Pick<NamedLimit, 'id'>): string {
  return limit ? `${encodeURIComponent(limit.id)}:${window.label}` : window.label;
}

function evaluateWindow(
  target: UsageTarget,
  window: UsageWindow,
  memory: NotifyMemory,
  input: PolicyInput,
  fire: Fire,
  limit?: NamedLimit,
) {
  const base = `${target.key}|${windowSlot(window, limit)}`;
  const reset = resetTime(window);
  // `Codex (Work) GPT-5.3-Codex-Spark 5h window`: the limit's name says which one.
  const label = limit ? `${limit.name} ${window.label}` : window.label;
  const name = `${target.name} ${label} window`;
  const about = limit ? { limit: { id: limit.id, name: limit.name } } : {};
  const marks = [...new Set(input.thresholds.usageUsedPercent)].sort((a, b) => a - b);
  const firedFor = (t: number) =>
    Object.keys(memory.fired).some((key) => {
      const parts = key.split('|');
      return key.startsWith(`usage|${base}|${t}|`) && sameWindow(parseResetPart(parts[4]), reset);
    });

  // The reset: marks fired for an earlier window of this kind, and this window is below them all.
  const lowest = marks[0];
  if (lowest !== undefined && window.usedPercent < lowest) {
    const earlier = new Set<string>();
    for (const key of Object.keys(memory.fired)) {
      if (!key.startsWith(`usage|${base}|`)) continue;
      const resetPart = key.split('|')[4] ?? 'none';
      if (!sameWindow(parseResetPart(resetPart), reset)) earlier.add(resetPart);
    }
    const unannounced = [...earlier].filter((r) => memory.fired[`usage-reset|${base}|${r}`] === undefined);
    unannounced.forEach((r, index) =>
      fire(
        `usage-reset|${base}|${r}`,
        index === 0
          ? {
              level: 'info',
              title: `${name} has reset`,
              body: `${target.name}: ${label} ${percentLeft(window.leftPercent)}% left.`,
              ...about,
            }
          : null,
      ),
    );
  }

  evaluatePace(target, window, reset, memory, input, fire, limit);

  const crossed = marks.filter((t) => window.usedPercent >= t && !firedFor(t));
  if (crossed.length === 0) return;
  const top = crossed[crossed.length - 1]!;
  const resetsIn = reset === null ? '' : `, resets in ${formatDuration(reset - input.now)}`;
  for (const t of crossed) {
    fire(
      `usage|${base}|${t}|${reset ?? 'none'}`,
      t === top
        ? {
            level: t >= 95 ? 'critical' : 'warning',
            title: `${name} ${t}% used`,
            body: `${target.name}: ${label} ${percentLeft(window.leftPercent)}% left${resetsIn}.`,
            ...about,
          }
        : null,
    );
  }
}

/**
 * Issue 19: a warning when the window is projected to run out before its reset (its pace, from the
 * usage history), once per window per reset period. The pace says nothing unless it is sure
 * (core/usage/pace.ts), so neither does this.
 */
function evaluatePace(
  target: UsageTarget,
  window: UsageWindow,
  reset: number | null,
  memory: NotifyMemory,
  input: PolicyInput,
  fire: Fire,
  limit?: NamedLimit,
) {
  const pace = window.pace;
  if (pace?.kind !== 'runs-out' || reset === null) return;
  const runOut = Date.parse(pace.runOutAt);
  if (Number.isNaN(runOut) || reset - runOut < PACE_WARNING_MIN_GAP_MS) return;
  const base = `${target.key}|${windowSlot(window, limit)}`;
  const label = limit ? `${limit.name} ${window.label}` : window.label;
  const fired = Object.keys(memory.fired).some(
    (key) => key.startsWith(`pace|${base}|`) && sameWindow(parseResetPart(key.split('|')[3]), reset),
  );
  if (fired) return;
  const phrase = formatPace(pace, input.now);
  if (phrase === null) return;
  fire(`pace|${base}|${reset}`, {
    level: 'warning',
    title: `${target.name} ${label} window runs out before its reset`,
    body: `${target.name}: ${label} ${percentLeft(window.leftPercent)}% left; at this pace it ${phrase}.`,
    ...(limit ? { limit: { id: limit.id, name: limit.name } } : {}),
  });
}

/** The notification for a finished re-login (succeeded or failed); none for other states. */
export function loginNotification(progress: EventPayloads['login.progress']): NotifyEvent | null {
  const name = shortName(progress.profileId.split(':')[0] ?? progress.profileId);
  if (progress.state === 'succeeded') {
    return {
      id: `login|${progress.loginId}|succeeded`,
      level: 'info',
      title: `${name} re-login succeeded`,
      body: `${progress.profileId} is logged in again.`,
      profileId: progress.profileId,
    };
  }
  if (progress.state === 'failed') {
    return {
      id: `login|${progress.loginId}|failed`,
      level: 'critical',
      title: `${name} re-login failed`,
      body: progress.error ?? `${progress.profileId} could not log in.`,
      profileId: progress.profileId,
      action: 'relogin',
    };
  }
  return null;
}

/** Forgets notifications older than `maxAgeMs` so the memory file stays small. */
export function pruneMemory(memory: NotifyMemory, now: number, maxAgeMs = 60 * 86_400_000): NotifyMemory {
  const fired = Object.fromEntries(Object.entries(memory.fired).filter(([, at]) => now - at < maxAgeMs));
  return { ...memory, fired };
}
