// What to tell the user when no auth profile is left (DESIGN.md §3 "Failover"; the order itself is
// auth/order.ts), and the rate-limit cooldowns, in memory only.
import { noLoginHint } from '../providers/registry.js';

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
