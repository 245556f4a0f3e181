// Urgency order for profiles and providers: what needs the user's attention comes first.
import { type ProfileStatus, type ProfileView, type ProviderView } from '../../src-shared/protocol/index';

/** Lower is more urgent. An expired or missing login blocks work now; expiring soon; static never. */
export const STATUS_RANK: Record<ProfileStatus, number> = {
  expired: 0,
  missing: 1,
  expiring: 2,
  ok: 3,
  static: 4,
};

function expiryKey(profile: ProfileView): number {
  return profile.expiresAt ? Date.parse(profile.expiresAt) : Number.POSITIVE_INFINITY;
}

/** Most urgent first: by status rank, then sooner expiry, then id for a stable order. */
export function compareProfiles(a: ProfileView, b: ProfileView): number {
  return STATUS_RANK[a.status] - STATUS_RANK[b.status] || expiryKey(a) - expiryKey(b) || a.id.localeCompare(b.id);
}

export interface ProviderGroup {
  provider: string;
  /** The gateway's name for it (`OpenAI Codex`); its id until the gateway's provider view arrives. */
  displayName: string;
  status: ProfileStatus;
  profiles: ProfileView[];
}

/**
 * Groups profiles by provider (a provider with usage but no profile still gets a group, so its
 * usage shows), sorts the profiles of each group and then the groups by their most urgent profile.
 * A group's status is the gateway's provider status, never recomputed here.
 */
export function groupByProvider(profiles: ProfileView[], providers: ProviderView[] = []): ProviderGroup[] {
  const byProvider = new Map<string, ProfileView[]>();
  for (const view of providers) if (view.usage) byProvider.set(view.provider, []);
  for (const profile of profiles) {
    const list = byProvider.get(profile.provider) ?? [];
    list.push(profile);
    byProvider.set(profile.provider, list);
  }
  const groups: ProviderGroup[] = [...byProvider].map(([provider, list]) => {
    const sorted = [...list].sort(compareProfiles);
    // Until the gateway's provider view of a just-appeared provider arrives, show its most urgent profile's.
    const view = providers.find((candidate) => candidate.provider === provider);
    const status = view?.status ?? sorted[0]?.status ?? 'static';
    return { provider, displayName: view?.displayName ?? provider, status, profiles: sorted };
  });
  return groups.sort((a, b) => {
    const [first, second] = [a.profiles[0], b.profiles[0]];
    if (first && second) return compareProfiles(first, second) || a.provider.localeCompare(b.provider);
    if (first) return -1;
    if (second) return 1;
    return a.provider.localeCompare(b.provider);
  });
}
