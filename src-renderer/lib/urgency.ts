// Urgency order for profiles and providers: what needs the user's attention comes first.
import { type ProfileStatus, type ProfileView } from '../../src-main/protocol';

/** Lower is more urgent. An expired or missing login blocks work now; expiring soon; static never. */
export const STATUS_RANK: Record<ProfileStatus, number> = {
  expired: 0,
  missing: 1,
  expiring: 2,
  ok: 3,
  static: 4,
};

export function worstStatus(statuses: Iterable<ProfileStatus>): ProfileStatus | null {
  let worst: ProfileStatus | null = null;
  for (const status of statuses) {
    if (worst === null || STATUS_RANK[status] < STATUS_RANK[worst]) worst = status;
  }
  return worst;
}

function expiryKey(profile: ProfileView): number {
  return profile.expiresAt ? Date.parse(profile.expiresAt) : Number.POSITIVE_INFINITY;
}

/** Most urgent first: by status rank, then sooner expiry, then id for a stable order. */
export function compareProfiles(a: ProfileView, b: ProfileView): number {
  return STATUS_RANK[a.status] - STATUS_RANK[b.status] || expiryKey(a) - expiryKey(b) || a.id.localeCompare(b.id);
}

export interface ProviderGroup {
  provider: string;
  status: ProfileStatus;
  profiles: ProfileView[];
}

/**
 * Groups profiles by provider (extra providers with no profile still get a group, so their usage
 * shows), sorts the profiles of each group and then the groups by their most urgent profile.
 */
export function groupByProvider(profiles: ProfileView[], extraProviders: Iterable<string> = []): ProviderGroup[] {
  const byProvider = new Map<string, ProfileView[]>();
  for (const provider of extraProviders) byProvider.set(provider, []);
  for (const profile of profiles) {
    const list = byProvider.get(profile.provider) ?? [];
    list.push(profile);
    byProvider.set(profile.provider, list);
  }
  const groups: ProviderGroup[] = [...byProvider].map(([provider, list]) => {
    const sorted = [...list].sort(compareProfiles);
    return { provider, status: worstStatus(sorted.map((p) => p.status)) ?? 'static', profiles: sorted };
  });
  return groups.sort((a, b) => {
    const [first, second] = [a.profiles[0], b.profiles[0]];
    if (first && second) return compareProfiles(first, second) || a.provider.localeCompare(b.provider);
    if (first) return -1;
    if (second) return 1;
    return a.provider.localeCompare(b.provider);
  });
}
