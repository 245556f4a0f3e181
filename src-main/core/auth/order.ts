// Which profile of a provider the agent tries first (DESIGN.md §3 "Failover"): the one order both
// the agent's failover and the provider headline follow, so what the glance says is what the agent
// does. With `auth.strategy: headroom` (issue 17) the headline follows the agent's headroom pick
// (core/usage/headroom.ts), not the order.
import { defaultAuthOrder } from '../providers/registry.js';
import { rankByHeadroom, turnHeadroom } from '../usage/headroom.js';

import { splitAccount } from './account-id.js';
import { providerOf } from './reading.js';

import type { ProfileStatus, ProfileView, ProviderUsage } from '../../../src-shared/protocol/index.js';

/** An agent order per provider, as config `auth.order` spells it. */
export type AuthOrder = Readonly<Record<string, readonly string[]>>;

/**
 * How the agent picks among usable profiles, for the headline to follow: by `order`, or by
 * `headroom` in the usage windows that bound `model` (the agent's model when it is this
 * provider's; null: the windows every model shares).
 */
export type HeadlinePick =
  | { strategy: 'order' }
  | {
      strategy: 'headroom';
      usage: Partial<Record<string, ProviderUsage>>;
      /** The agent's model per provider (`openai-codex` → `gpt-6.1-sol`), when it is that provider's. */
      modelOf(provider: string): string | null;
      now: number;
    };

/** The usage key whose windows a profile's login reads: its provider's, or its account's. */
export function usageKeyOf(profileId: string): string {
  const { account } = splitAccount(profileId);
  return account ? `${providerOf(profileId)}@${account}` : providerOf(profileId);
}

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

/**
 * The profile the agent would use now: the first usable one in the provider's order — or, picking
 * by headroom, the usable one with the most left that is not used up or about to run out (as the
 * agent ranks a session's first turn) — or null.
 */
export function profileInUse(
  provider: string,
  configured: AuthOrder,
  profiles: readonly ProfileView[],
  pick: HeadlinePick = { strategy: 'order' },
): ProfileView | null {
  const byId = new Map(profiles.map((profile) => [profile.id, profile]));
  const usable: ProfileView[] = [];
  for (const id of profileOrder(provider, configured, profiles)) {
    const profile = byId.get(id);
    if (profile && profile.provider === provider && isUsableStatus(profile.status)) usable.push(profile);
  }
  if (pick.strategy === 'order') return usable[0] ?? null;
  const model = pick.modelOf(provider);
  const candidates = usable.flatMap((profile, index) => {
    const headroom = turnHeadroom(pick.usage[usageKeyOf(profile.id)] ?? null, model, pick.now);
    return headroom.blocked ? [] : [{ id: profile.id, profile, left: headroom.window?.leftPercent ?? null, index }];
  });
  // Every usable one used up: the first in order still is what the agent would try once the windows reset.
  return rankByHeadroom(candidates, null)[0]?.profile ?? usable[0] ?? null;
}
