// The `status` snapshot: everything the dashboard shows, assembled from whichever parts are present.
import { worstStatus } from '../auth/status.js';

import type {
  GatewayInfo,
  ProfileStatus,
  ProfileView,
  ProviderUsage,
  ProviderView,
  Snapshot,
} from '../../../src-shared/protocol/index.js';
import type { GatewayServices } from './services.js';

/** One row per provider that has a profile or usage, in first-seen order; status = worst of its profiles. */
export function providerViews(profiles: ProfileView[], usage: Partial<Record<string, ProviderUsage>>): ProviderView[] {
  const byProvider = new Map<string, ProfileStatus[]>();
  for (const profile of profiles) {
    const list = byProvider.get(profile.provider) ?? [];
    list.push(profile.status);
    byProvider.set(profile.provider, list);
  }
  for (const [provider, value] of Object.entries(usage))
    if (value && !byProvider.has(provider)) byProvider.set(provider, []);
  return [...byProvider].map(([provider, statuses]) => ({
    provider,
    status: worstStatus(statuses),
    usage: usage[provider] ?? null,
  }));
}

/** Builds the snapshot of `status` and `connect`; absent parts contribute empty lists. */
export function buildSnapshot(
  services: GatewayServices,
  gateway: GatewayInfo,
  warnBeforeMs: number,
  now: number = Date.now(),
): Snapshot {
  const profiles = services.auth?.profiles(now) ?? [];
  return {
    generatedAt: new Date(now).toISOString(),
    warnBeforeMs,
    gateway,
    profiles,
    providers: providerViews(profiles, services.usage?.usage() ?? {}),
    channels: services.channels?.list() ?? [],
    logins: services.logins?.list() ?? [],
  };
}
