// Which auth profiles the agent tries, in what order, and what to tell the user when none is
// left (DESIGN.md §3 "Failover"). Cooldowns live in cooldowns.ts, the pick by usage left in routing.ts.
import { defaultAuthOrder, noLoginHint } from '../providers/registry.js';

import type { ProfileView } from '../../../src-shared/protocol/index.js';

/**
 * The profile ids to try for a provider. A configured `auth.order` is used as written; the default
 * order is followed by any other profile the auth engine knows for that provider.
 */
export function profileOrder(
  provider: string,
  configured: Readonly<Record<string, readonly string[]>>,
  profiles: readonly ProfileView[],
): string[] {
  const explicit = configured[provider];
  if (explicit) return [...explicit];
  // The provider's declared order (clawbar's own login first).
  const order = [...defaultAuthOrder(provider)];
  for (const profile of profiles) {
    if (profile.provider === provider && !order.includes(profile.id)) order.push(profile.id);
  }
  return order;
}

/** The reply when a provider has no usable profile left. */
export function noUsableLoginMessage(provider: string): string {
  return `No usable login for ${provider} — run: ${noLoginHint(provider)}`;
}
