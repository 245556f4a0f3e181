// Which auth profiles the agent tries, in what order, and what to tell the user when none is
// left (DESIGN.md §3 "Failover"). Rate-limit cooldowns live here too; they are in memory only.
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

/** Rate-limit cooldowns per profile (429 with Retry-After). */
export class Cooldowns {
  private readonly until = new Map<string, number>();

  /** Cools `profileId` down until `now + ms`. */
  set(profileId: string, now: number, ms: number): void {
    this.until.set(profileId, now + ms);
  }

  /** Remaining cooldown in ms (0 when the profile may be used). */
  remaining(profileId: string, now: number): number {
    const until = this.until.get(profileId);
    if (until === undefined) return 0;
    if (until <= now) {
      this.until.delete(profileId);
      return 0;
    }
    return until - now;
  }
}
