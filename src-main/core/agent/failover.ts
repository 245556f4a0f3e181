// What to tell the user when no auth profile is left (DESIGN.md §3 "Failover"; the order itself is
// auth/order.ts, the pick by usage left routing.ts, the cooldowns cooldowns.ts).
import { noLoginHint } from '../providers/registry.js';

/** The reply when a provider has no usable profile left. */
export function noUsableLoginMessage(provider: string): string {
  return `No usable login for ${provider} — run: ${noLoginHint(provider)}`;
}
