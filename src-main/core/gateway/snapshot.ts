// The `status` snapshot: everything the dashboard shows, assembled from whichever parts are present.
import type { GatewayInfo, ProfileStatus, ProfileView, ProviderUsage, ProviderView, Snapshot } from '../../protocol.js';
import type { GatewayServices } from './services.js';

// Worst first: a provider is as healthy as its sickest profile (DESIGN.md §3).
const SEVERITY: Record<ProfileStatus, number> = { expired: 4, missing: 3, expiring: 2, ok: 1, static: 0 };

/** The worst status of a provider's profiles. */
export function worstStatus(statuses: ProfileStatus[]): ProfileStatus {
  let worst: ProfileStatus = 'static';
  let seen = false;
  for (const status of statuses) {
    if (!seen || SEVERITY[status] > SEVERITY[worst]) worst = status;
    seen = true;
  }
  return seen ? worst : 'missing';
}

/** One row per provider that has a profile or usage, in first-seen order. */
export function providerViews(profiles: ProfileView[], usage: Record<string, ProviderUsage>): ProviderView[] {
  const byProvider = new Map<string, ProfileStatus[]>();
  for (const profile of profiles) {
    const list = byProvider.get(profile.provider) ?? [];
    list.push(profile.status);
    byProvider.set(profile.provider, list);
  }
  for (const provider of Object.keys(usage)) if (!byProvider.has(provider)) byProvider.set(provider, []);
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
