// Which profile of a provider the agent tries first (DESIGN.md §3 "Failover"): the one order both
// the agent's failover and the provider headline follow, so what the glance says is what the agent does.
import { defaultAuthOrder } from '../providers/registry.js';

import type { ProfileStatus, ProfileView } from '../../../src-shared/protocol/index.js';

/** An agent order per provider, as config `auth.order` spells it. */
export type AuthOrder = Readonly<Record<string, readonly string[]>>;

/**
 * The profile ids to try for a provider. A configured `auth.order` is used as written; the default
 * order is followed by any other profile the auth engine knows for that provider.
 */
export function profileOrder(provider: string, configured: AuthOrder, profiles: readonly ProfileView[]): string[] {
  const explicit = configured[provider];
  if (explicit) return [...explicit];
  // The provider's declared order (clawbar's own login first).
  const order = [...defaultAuthOrder(provider)];
  for (const profile of profiles) {
    if (profile.provider === provider && !order.includes(profile.id)) order.push(profile.id);
  }
  return order;
}

/** True when a request could be sent with a profile of this status (the agent skips the others). */
export function isUsableStatus(status: ProfileStatus): boolean {
  return status === 'ok' || status === 'static' || status === 'expiring';
}

/** The profile the agent would use now: the first usable one in the provider's order, or null. */
export function profileInUse(
  provider: string,
  configured: AuthOrder,
  profiles: readonly ProfileView[],
): ProfileView | null {
  const byId = new Map(profiles.map((profile) => [profile.id, profile]));
  for (const id of profileOrder(provider, configured, profiles)) {
    const profile = byId.get(id);
    if (profile && profile.provider === provider && isUsableStatus(profile.status)) return profile;
  }
  return null;
}
