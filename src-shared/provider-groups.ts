// Providers and their profiles in the order the glance shows them, the same in the tray's menu, the
// popover and the dashboard: problems first. A provider ranks by its headline status (what the
// agent can do now, computed in the core), so a working provider with a dead fallback does not
// jump above a stopped one; within a provider, the most urgent profile comes first.
import type { ProfileStatus, ProfileView, ProviderView } from './protocol/index.js';

/** Lower is more urgent. An expired or missing login blocks work now; expiring soon; static never. */
export const STATUS_RANK: Record<ProfileStatus, number> = {
  expired: 0,
  missing: 1,
  expiring: 2,
  ok: 3,
  static: 4,
};

function expiryKey(expiresAt: string | null | undefined): number {
  const at = expiresAt ? Date.parse(expiresAt) : Number.NaN;
  return Number.isNaN(at) ? Number.POSITIVE_INFINITY : at;
}

/** Most urgent first: by status rank, then sooner expiry, then id for a stable order. */
export function compareProfiles(a: ProfileView, b: ProfileView): number {
  return (
    STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
    expiryKey(a.expiresAt) - expiryKey(b.expiresAt) ||
    a.id.localeCompare(b.id)
  );
}

export interface ProviderGroup {
  provider: string;
  /** The gateway's provider view; a stand-in named by the id until it arrives for a just-appeared provider. */
  view: ProviderView;
  /** The headline status (the view's). */
  status: ProfileStatus;
  profiles: ProfileView[];
}

/**
 * Groups profiles by provider (a provider with usage but no profile still gets a group, so its
 * usage shows), sorts the profiles of each group, then the groups by headline status, sooner
 * headline expiry, and the gateway's order. A group's status is the gateway's, never recomputed here.
 */
export function groupByProvider(
  profiles: readonly ProfileView[],
  providers: readonly ProviderView[] = [],
): ProviderGroup[] {
  const byProvider = new Map<string, ProfileView[]>();
  for (const view of providers) if (view.usage) byProvider.set(view.provider, []);
  for (const profile of profiles) {
    const list = byProvider.get(profile.provider) ?? [];
    list.push(profile);
    byProvider.set(profile.provider, list);
  }
  const position = (provider: string) => {
    const index = providers.findIndex((view) => view.provider === provider);
    return index === -1 ? providers.length : index;
  };
  const groups: ProviderGroup[] = [...byProvider].map(([provider, list]) => {
    const sorted = [...list].sort(compareProfiles);
    const found = providers.find((candidate) => candidate.provider === provider);
    // Until the gateway's view of a just-appeared provider arrives, its most urgent profile speaks for it.
    const view: ProviderView = found ?? {
      provider,
      displayName: provider,
      shortName: provider,
      status: sorted[0]?.status ?? 'static',
      usage: null,
    };
    return { provider, view, status: view.status, profiles: sorted };
  });
  const headlineExpiry = (group: ProviderGroup) => expiryKey(group.view.headline?.expiresAt);
  return groups.sort(
    (a, b) =>
      Number(a.profiles.length === 0) - Number(b.profiles.length === 0) ||
      STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
      headlineExpiry(a) - headlineExpiry(b) ||
      position(a.provider) - position(b.provider) ||
      a.provider.localeCompare(b.provider),
  );
}
