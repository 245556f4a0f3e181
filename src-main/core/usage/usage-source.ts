// Which profile's token reads a provider's usage, and the fetch with it. Only OAuth logins have
// usage windows; each provider descriptor names its profiles (preferred first) and its fetcher.
// A usage key is a provider id (its default login) or `<provider>@<account>` (one of its accounts).
import { findProvider, usageTarget } from '../providers/registry.js';

import type { AuthEngine, Credential } from '../auth/types.js';
import type { Endpoints } from '../config/paths.js';
import type { GetJsonOptions } from './http-json.js';
import type { ProviderUsage } from './types.js';

/** The profiles whose token can read a usage key's windows, preferred first; none for a provider without usage. */
function usageProfiles(key: string): readonly string[] {
  return usageTarget(key)?.profiles ?? [];
}

export interface UsableSource {
  ok: true;
  profileId: string;
  credential: Credential & { accessToken: string };
  /** The plan the login itself names (Claude's subscriptionType), for endpoints that do not send one. */
  plan?: string;
}
export type UsageSource = UsableSource | { ok: false; reason: string };

/**
 * The first profile of `provider` that is not expired or missing and holds an OAuth access
 * token; otherwise why there is none (`no login`, `token expired`, `rejected by server (401)`).
 */
export function pickUsageSource(
  auth: Pick<AuthEngine, 'profiles' | 'credential'>,
  provider: string,
  now?: number,
): UsageSource {
  const profiles = auth.profiles(now);
  let reason = 'no login';
  for (const profileId of usageProfiles(provider)) {
    const profile = profiles.find((candidate) => candidate.id === profileId);
    if (!profile) continue;
    if (profile.status === 'expired' || profile.status === 'missing') {
      if (reason === 'no login')
        reason = profile.detail ?? (profile.status === 'expired' ? 'token expired' : 'no login');
      continue;
    }
    const credential = auth.credential(profileId);
    if (credential?.accessToken) {
      const source: UsableSource = {
        ok: true,
        profileId,
        credential: { ...credential, accessToken: credential.accessToken },
      };
      if (profile.plan) source.plan = profile.plan;
      return source;
    }
  }
  return { ok: false, reason };
}

/** True when the engine knows any profile of `provider` that could carry usage. */
export function hasUsageProfile(auth: Pick<AuthEngine, 'profiles'>, provider: string, now?: number): boolean {
  const ids = usageProfiles(provider);
  return auth.profiles(now).some((profile) => ids.includes(profile.id));
}

/** Fetches one usage key's windows with a picked source; throws a UsageError on failure. */
export async function fetchProviderUsage(
  key: string,
  source: UsableSource,
  endpoints: Endpoints,
  options: Omit<GetJsonOptions, 'headers'> = {},
): Promise<ProviderUsage> {
  const descriptor = findProvider(usageTarget(key)?.provider ?? key)?.usage;
  if (!descriptor) throw new Error(`${key} has no usage windows`);
  const usage = await descriptor.fetch(source.credential, endpoints, options);
  if (usage.plan === undefined && source.plan) usage.plan = source.plan;
  return usage;
}
