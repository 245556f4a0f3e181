// Which profile's token reads a provider's usage. Only OAuth logins have usage windows: Codex's
// ChatGPT login (the CLI's or clawbar's own) and Claude Code's login. API keys have none.
import { fetchClaudeUsage } from './claude-usage.js';
import { fetchCodexUsage } from './codex-usage.js';

import type { AuthEngine, Credential } from '../auth/types.js';
import type { Endpoints } from '../config/paths.js';
import type { GetJsonOptions } from './http-json.js';
import type { ProviderUsage, UsageProviderId } from './types.js';

/** Candidate profiles per provider, in preference order (DESIGN.md §3: own login before the CLI's). */
export const USAGE_PROFILE_ORDER: Record<UsageProviderId, readonly string[]> = {
  'openai-codex': ['openai-codex:default', 'openai-codex:codex-cli'],
  anthropic: ['anthropic:claude-cli'],
};

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
  provider: UsageProviderId,
  now?: number,
): UsageSource {
  const profiles = auth.profiles(now);
  let reason = 'no login';
  for (const profileId of USAGE_PROFILE_ORDER[provider]) {
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
export function hasUsageProfile(auth: Pick<AuthEngine, 'profiles'>, provider: UsageProviderId, now?: number): boolean {
  const ids = USAGE_PROFILE_ORDER[provider];
  return auth.profiles(now).some((profile) => ids.includes(profile.id));
}

/** Fetches one provider's usage with a picked source; throws a UsageError on failure. */
export async function fetchProviderUsage(
  provider: UsageProviderId,
  source: UsableSource,
  endpoints: Pick<Endpoints, 'chatgptBaseUrl' | 'anthropicBaseUrl'>,
  options: Omit<GetJsonOptions, 'headers'> = {},
): Promise<ProviderUsage> {
  const usage = await fetchWith(provider, source.credential, endpoints, options);
  if (usage.plan === undefined && source.plan) usage.plan = source.plan;
  return usage;
}

function fetchWith(
  provider: UsageProviderId,
  credential: Credential & { accessToken: string },
  endpoints: Pick<Endpoints, 'chatgptBaseUrl' | 'anthropicBaseUrl'>,
  options: Omit<GetJsonOptions, 'headers'>,
): Promise<ProviderUsage> {
  if (provider === 'openai-codex') {
    return fetchCodexUsage({
      ...options,
      baseUrl: endpoints.chatgptBaseUrl,
      accessToken: credential.accessToken,
      accountId: credential.accountId,
    });
  }
  return fetchClaudeUsage({ ...options, baseUrl: endpoints.anthropicBaseUrl, accessToken: credential.accessToken });
}
