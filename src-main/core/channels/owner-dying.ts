// Which logins the agent depends on are dying (issue 18's owner DM): the OAuth profiles the
// agent's model chain would route to, expired — not one its CLI renews on next use — or within an
// hour of expiry with nothing to refresh them. Pure: profiles, config and a clock in, a list out.
import { formatDuration } from '../../../src-shared/format.js';
import { agentProviders } from '../agent/catalog.js';
import { profileOrder, type AuthOrder } from '../auth/order.js';
import { renewsOnUse } from '../auth/status.js';
import { shortName } from '../providers/registry.js';

import type { ProfileView } from '../../../src-shared/protocol/index.js';

/** "Expiring within 1 h" (issue 18): the owner is told while there is still time to renew. */
export const DYING_WITHIN_MS = 3_600_000;

export interface AgentRoute {
  agent: { model: string; fallbacks: readonly string[] };
  auth: { order: AuthOrder };
}

/** The profile ids the agent may answer with: every provider of its model chain, in routing order. */
export function agentProfileIds(route: AgentRoute, profiles: readonly ProfileView[]): string[] {
  // Each provider once, and a profile belongs to one provider: no id twice.
  return agentProviders(route.agent).flatMap((provider) => profileOrder(provider, route.auth.order, profiles));
}

/** True for a login that needs a new sign-in now or within the hour. */
export function isDying(profile: ProfileView): boolean {
  if (profile.type !== 'oauth') return false;
  if (profile.status === 'expired') return !renewsOnUse(profile);
  // A refreshable token inside the hour is renewed by its refresher (or its CLI) before it matters.
  return (
    profile.status === 'expiring' &&
    !profile.refreshable &&
    profile.remainingMs !== null &&
    profile.remainingMs <= DYING_WITHIN_MS
  );
}

/** The agent's dying logins, in routing order. */
export function dyingLogins(route: AgentRoute, profiles: readonly ProfileView[]): ProfileView[] {
  const byId = new Map(profiles.map((profile) => [profile.id, profile]));
  return agentProfileIds(route, profiles).flatMap((id) => {
    const profile = byId.get(id);
    return profile && isDying(profile) ? [profile] : [];
  });
}

/**
 * One dying of one login: the same token dying (expiring, then expired, then rejected) is one
 * dying; a new login brings a new expiry and so a new key.
 */
export function dyingKey(profile: Pick<ProfileView, 'id' | 'expiresAt'>): string {
  return `${profile.id}|${profile.expiresAt ?? 'none'}`;
}

/** `Codex`, or `Codex (Work)` for an account's login: how the owner's messages name it. */
export function loginName(profile: Pick<ProfileView, 'provider' | 'accountLabel'>): string {
  const name = shortName(profile.provider);
  return profile.accountLabel ? `${name} (${profile.accountLabel})` : name;
}

/** `expired 12m ago`, `was rejected by the server`, `expires in 42m`. */
export function dyingState(profile: ProfileView): string {
  if (profile.status === 'expiring' && profile.remainingMs !== null)
    return `expires in ${formatDuration(profile.remainingMs)}`;
  if (profile.detail?.includes('rejected')) return 'was rejected by the server';
  if (profile.remainingMs !== null && profile.remainingMs <= 0)
    return `expired ${formatDuration(-profile.remainingMs)} ago`;
  return 'expired';
}
