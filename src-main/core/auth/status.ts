// The one place a profile's status, and from it a provider's, is computed (STYLE.md rule 3). Pure:
// a reading, a clock value and the warn threshold in, a status out. The CLI, the gateway, the tray
// and notifications all use these results and never recompute them.
import { problemSummary } from '../../../src-shared/problem-text.js';
import { profileFix } from '../providers/fixes.js';
import { defaultAuthOrder, displayName, hasDeviceLogin, loginOf, shortName } from '../providers/registry.js';
import { turnHeadroom } from '../usage/headroom.js';
import { IMPLAUSIBLE_EXPIRY, isoOrNull, plausibleEpochMs } from '../util/plausible-time.js';

import { profileInUse, usageKeyOf, type AuthOrder, type HeadlinePick } from './order.js';

import type { AccountView, ProviderHeadline, ProviderUsage, ProviderView } from '../../../src-shared/protocol/index.js';
import type { ProfileReading } from './reading.js';
import type { ProfileStatus, ProfileView } from './types.js';

/** The detail of a token past its expiry; a line that already says `expired … ago` need not repeat it. */
export const TOKEN_EXPIRED = 'token expired';
/** The detail of a token a provider answered 401/403 to: `rejected by server (401)`. */
export const REJECTED_BY_SERVER = 'rejected by server';
/** The end of an expired token's detail whose owner renews it (`token expired — Claude Code refreshes it on next use`). */
const RENEWS_ON_USE = ' refreshes it on next use';

export interface StatusResult {
  status: ProfileStatus;
  detail: string | null;
  /** expiresAt − now, null when unknown or not applicable. */
  remainingMs: number | null;
  refreshable: boolean;
}

/**
 * The `expiring` threshold of one profile: `warnBeforeMs`, or for a token its owner refreshes on
 * use and whose lifetime is known, the lesser of that and a quarter of the lifetime — Claude Code's
 * 8-hour tokens would otherwise be `expiring` from birth (issue 18).
 */
export function warnThresholdMs(profile: ProfileReading, warnBeforeMs: number): number {
  const lifetime = profile.lifetimeMs;
  if (!profile.refreshable || profile.refreshFailed || lifetime === undefined || !(lifetime > 0)) return warnBeforeMs;
  return Math.min(warnBeforeMs, lifetime / 4);
}

/**
 * Status of one profile at `now` (DESIGN.md §3): `missing` without a usable credential, `expired`
 * when rejected by the server or past its expiry, `static` for API keys, `expiring` within its
 * warn threshold ({@link warnThresholdMs}) of expiry, else `ok`. An expired token its owner still
 * refreshes on use stays `expired` (the agent cannot use it) with `refreshable` and a detail saying
 * who renews it; a dead refresh token (`refreshFailed`) makes it not refreshable.
 */
export function profileStatus(profile: ProfileReading, now: number, warnBeforeMs: number): StatusResult {
  const refreshable = profile.refreshable && !profile.refreshFailed;
  if (!profile.credential) {
    return { status: 'missing', detail: profile.problem ?? 'no credential', remainingMs: null, refreshable };
  }
  // Sources refuse absurd expiries at the edge; this guard keeps any future one from crashing the views.
  if (profile.expiresAt !== null && plausibleEpochMs(profile.expiresAt) === null) {
    return { status: 'missing', detail: IMPLAUSIBLE_EXPIRY, remainingMs: null, refreshable };
  }
  const remainingMs = profile.expiresAt === null ? null : profile.expiresAt - now;
  if (profile.rejectedStatus !== undefined) {
    return { status: 'expired', detail: `${REJECTED_BY_SERVER} (${profile.rejectedStatus})`, remainingMs, refreshable };
  }
  const note = profile.note ?? null;
  if (profile.type === 'api_key') return { status: 'static', detail: note, remainingMs: null, refreshable };
  if (remainingMs === null) {
    return { status: 'missing', detail: 'the token carries no expiry', remainingMs: null, refreshable };
  }
  if (remainingMs <= 0) {
    const renewal = !note && refreshable && profile.refreshedBy ? `${profile.refreshedBy}${RENEWS_ON_USE}` : note;
    return {
      status: 'expired',
      detail: renewal ? `${TOKEN_EXPIRED} — ${renewal}` : TOKEN_EXPIRED,
      remainingMs,
      refreshable,
    };
  }
  if (remainingMs <= warnThresholdMs(profile, warnBeforeMs)) {
    return { status: 'expiring', detail: note, remainingMs, refreshable };
  }
  return { status: 'ok', detail: note, remainingMs, refreshable };
}

/**
 * An expired profile whose token its owner still refreshes on next use (past its expiry, refreshable,
 * not rejected by the server): the agent fails over, but nothing needs a new login.
 */
export function renewsOnUse(view: ProfileView): boolean {
  return (
    view.status === 'expired' &&
    view.refreshable &&
    view.remainingMs !== null &&
    view.remainingMs <= 0 &&
    !view.detail?.startsWith(REJECTED_BY_SERVER)
  );
}

/** Who renews a token {@link renewsOnUse} (`Claude Code`, `Codex`), as its detail names it; null when it does not. */
export function renewerOf(view: Pick<ProfileView, 'detail'>): string | null {
  const detail = view.detail ?? '';
  if (!detail.startsWith(`${TOKEN_EXPIRED} — `) || !detail.endsWith(RENEWS_ON_USE)) return null;
  return detail.slice(TOKEN_EXPIRED.length + 3, -RENEWS_ON_USE.length) || null;
}

/**
 * The wire view of a profile (no secret in it) with its status at `now`, its problem in a human
 * sentence (`summary`, the raw words staying in `detail`) and the fix for it.
 */
export function toProfileView(profile: ProfileReading, now: number, warnBeforeMs: number): ProfileView {
  const result = profileStatus(profile, now, warnBeforeMs);
  const fix = profileFix({ id: profile.id, status: result.status, troubled: profile.note !== undefined });
  // Key order as DESIGN.md §7 prints it.
  const view: ProfileView = {
    id: profile.id,
    provider: profile.provider,
    type: profile.type,
    source: profile.source,
    status: result.status,
    expiresAt: isoOrNull(profile.expiresAt),
    remainingMs: result.remainingMs,
    ...(profile.email ? { email: profile.email } : {}),
    ...(profile.accountId ? { accountId: profile.accountId } : {}),
    ...(profile.plan ? { plan: profile.plan } : {}),
    refreshable: result.refreshable,
    ...(profile.account ? { account: profile.account, accountLabel: profile.accountLabel ?? profile.account } : {}),
    relogin: loginOf(profile.id) !== undefined,
    detail: result.detail,
    summary: problemSummary({ status: result.status, detail: result.detail, type: profile.type }),
    fix,
    ...(hasDeviceLogin(profile.id) ? { deviceLogin: true } : {}),
  };
  // Its owner renews it on the next use: nothing for the user to run.
  if (renewsOnUse(view)) view.fix = null;
  return view;
}

/** Whether a profile has something to show under its provider's headline. */
export function hasProblem(profile: Pick<ProfileView, 'status' | 'summary'>): boolean {
  return (
    profile.status === 'expired' ||
    profile.status === 'missing' ||
    profile.status === 'expiring' ||
    (profile.summary ?? null) !== null
  );
}

const SEVERITY: Record<ProfileStatus, number> = { static: 0, ok: 1, expiring: 2, missing: 3, expired: 4 };

/** The worst of some statuses (`expired` > `missing` > `expiring` > `ok` > `static`); `missing` for none. */
export function worstStatus(statuses: Iterable<ProfileStatus>): ProfileStatus {
  let worst: ProfileStatus | null = null;
  for (const status of statuses) if (worst === null || SEVERITY[status] > SEVERITY[worst]) worst = status;
  return worst ?? 'missing';
}

/**
 * A provider's headline status (DESIGN.md §3) and the profile it is about: the profile the agent
 * would use now, or — when none is usable — the worst status among the provider's profiles
 * (`missing` without any). A provider without an order (a channel: Slack's bot and app tokens)
 * needs all its profiles at once, so its headline is always the worst of them.
 */
export function headlineOf(
  provider: string,
  profiles: readonly ProfileView[],
  order: AuthOrder = {},
  pick?: HeadlinePick,
): { status: ProfileStatus; used: ProfileView | null } {
  const own = profiles.filter((profile) => profile.provider === provider);
  const alternatives = order[provider] !== undefined || defaultAuthOrder(provider).length > 0;
  const used = alternatives ? profileInUse(provider, order, own, pick) : null;
  return { status: used ? used.status : worstStatus(own.map((profile) => profile.status)), used };
}

/** How the agent picks (config `auth.strategy`) and with which model, for the headline to follow. */
export interface HeadlineRouting {
  strategy: 'order' | 'headroom';
  /** Config `agent.model` (`openai-codex/gpt-6.1-sol`): its provider's headline ranks by the windows bounding it. */
  agentModel?: string;
  now?: number;
}

/** The headline routing a resolved config asks for (`auth.strategy`, `agent.model`). */
export function headlineRouting(
  config: { auth: { strategy: 'order' | 'headroom' }; agent: { model: string } },
  now?: number,
): HeadlineRouting {
  return { strategy: config.auth.strategy, agentModel: config.agent.model, ...(now !== undefined ? { now } : {}) };
}

/**
 * The provider views clients show (DESIGN.md §3): one row per provider that has a profile or usage,
 * in first-seen order, with its usage attached, and its accounts (usage keyed `<provider>@<account>`)
 * each with their own. Its status is the headline: the status of the profile the agent would use
 * now (the first usable one in `auth.order`), or the worst one when none is usable — so a dead
 * fallback never paints a working provider red; it is listed in `headline.problems` instead. The
 * one place a provider's status is computed: the CLI, the gateway's snapshot and events, and
 * through them the tray and the dashboard all read it here.
 */
export function providerViews(
  profiles: ProfileView[],
  usage: Partial<Record<string, ProviderUsage>> = {},
  order: AuthOrder = {},
  routing: HeadlineRouting = { strategy: 'order' },
): ProviderView[] {
  const now = routing.now ?? Date.now();
  const modelOf = (provider: string) => {
    const model = routing.agentModel;
    return model?.startsWith(`${provider}/`) ? model.slice(provider.length + 1) : null;
  };
  const pick: HeadlinePick =
    routing.strategy === 'headroom' ? { strategy: 'headroom', usage, modelOf, now } : { strategy: 'order' };
  const byProvider = new Map<string, ProfileView[]>();
  for (const profile of profiles) {
    const list = byProvider.get(profile.provider) ?? [];
    list.push(profile);
    byProvider.set(profile.provider, list);
  }
  for (const [key, value] of Object.entries(usage)) {
    if (value && !key.includes('@') && !byProvider.has(key)) byProvider.set(key, []);
  }
  return [...byProvider].map(([provider, own]) => {
    const { status, used } = headlineOf(provider, own, order, pick);
    const problems = own
      .filter((profile) => profile !== used && hasProblem(profile))
      .sort((a, b) => SEVERITY[b.status] - SEVERITY[a.status]);
    const view: ProviderView = {
      provider,
      // Named by its descriptor, so no client keeps a list of provider names.
      displayName: displayName(provider),
      shortName: shortName(provider),
      status,
      usage: usage[provider] ?? null,
      headline: {
        profileId: used?.id ?? null,
        expiresAt: used?.expiresAt ?? null,
        problems: problems.map((profile) => profile.id),
        ...(used ? headlineUsage(used, usage, modelOf(provider), now) : {}),
      },
    };
    const accounts = accountViews(own, usage);
    if (accounts.length > 0) view.accounts = accounts;
    return view;
  });
}

/** The headline profile's account and its tightest window for the agent's model (what the tray title shows). */
function headlineUsage(
  used: ProfileView,
  usage: Partial<Record<string, ProviderUsage>>,
  model: string | null,
  now: number,
): Pick<ProviderHeadline, 'account' | 'accountLabel' | 'window' | 'limit'> {
  const { limit, window } = turnHeadroom(usage[usageKeyOf(used.id)] ?? null, model, now);
  return {
    ...(used.account ? { account: used.account, accountLabel: used.accountLabel ?? used.account } : {}),
    ...(window ? { window } : {}),
    ...(limit ? { limit: limit.name } : {}),
  };
}

/** A provider's accounts in the order their profiles come, each with its status and usage. */
function accountViews(profiles: ProfileView[], usage: Partial<Record<string, ProviderUsage>>): AccountView[] {
  const out: AccountView[] = [];
  // Who a login is: ChatGPT's account id, else the email (Claude Code's file names neither).
  const identity = (p: ProfileView) => p.accountId ?? p.email;
  const owners = new Map<string, string>();
  for (const p of profiles) {
    const who = identity(p);
    if (!p.account && who && p.status !== 'missing') owners.set(who, 'default');
  }
  for (const p of profiles) {
    if (!p.account) continue;
    let view = out.find((a) => a.id === p.account);
    if (!view) {
      view = {
        id: p.account,
        label: p.accountLabel ?? p.account,
        status: p.status,
        usage: usage[`${p.provider}@${p.account}`] ?? null,
      };
      out.push(view);
    } else view.status = worstStatus([view.status, p.status]);
    const who = identity(p);
    if (!who || p.status === 'missing') continue;
    const owner = owners.get(who);
    if (owner && owner !== p.account) view.sameLoginAs = owner;
    else owners.set(who, p.account);
  }
  return out;
}

/**
 * The next instant after `now` at which some profile's status changes by the clock alone
 * (crossing `expiresAt − warnBefore` or `expiresAt`), or null when none will.
 */
export function nextStatusBoundary(profiles: ProfileReading[], now: number, warnBeforeMs: number): number | null {
  let next: number | null = null;
  for (const p of profiles) {
    const expiresAt = plausibleEpochMs(p.expiresAt);
    if (!p.credential || expiresAt === null || p.type === 'api_key' || p.rejectedStatus !== undefined) continue;
    for (const at of [expiresAt - warnThresholdMs(p, warnBeforeMs), expiresAt]) {
      if (at > now && (next === null || at < next)) next = at;
    }
  }
  return next;
}
