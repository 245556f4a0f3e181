// The `status` snapshot: everything the dashboard and the tray show, assembled from whichever
// capabilities are running, with the logins on offer from the provider descriptors (so no client
// keeps a provider list of its own).
import { providerViews, type HeadlineRouting } from '../auth/status.js';
import { loginTargets } from '../providers/registry.js';

import type { GatewayInfo, Snapshot } from '../../../src-shared/protocol/index.js';
import type { AuthOrder } from '../auth/order.js';
import type { GatewayServices } from './services.js';

/**
 * Builds the snapshot of `status` and `connect`; absent capabilities contribute empty lists. The
 * providers' headlines follow `authOrder` (config `auth.order`) or the headroom pick (`routing`), as the agent does.
 */
export function buildSnapshot(
  services: GatewayServices,
  gateway: GatewayInfo,
  warnBeforeMs: number,
  now: number = Date.now(),
  authOrder: AuthOrder = {},
  routing?: HeadlineRouting,
): Snapshot {
  const profiles = services.auth?.profiles(now) ?? [];
  return {
    generatedAt: new Date(now).toISOString(),
    warnBeforeMs,
    gateway,
    profiles,
    providers: providerViews(profiles, services.usage?.usage() ?? {}, authOrder, {
      ...routing,
      strategy: routing?.strategy ?? 'order',
      now,
    }),
    channels: services.channels?.list() ?? [],
    logins: services.logins?.list() ?? [],
    loginTargets: loginTargets(),
    hookFailures: services.hooks?.failures() ?? [],
  };
}
