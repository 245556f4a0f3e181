// One-shot usage for the CLI: every provider in parallel under one overall deadline, so
// `clawbar models status` never waits on a slow endpoint for more than a few seconds.
import { USAGE_PROVIDERS, type ProviderUsage, type UsageProviderId } from './types.js';
import { UsageError } from './usage-error.js';
import { fetchProviderUsage, hasUsageProfile, pickUsageSource } from './usage-source.js';

import type { AuthEngine } from '../auth/types.js';
import type { Endpoints } from '../config/paths.js';

export const CLI_USAGE_DEADLINE_MS = 3500;

export type UsageOutcome = { usage: ProviderUsage; reason: null } | { usage: null; reason: string };

export interface CollectUsageOptions {
  auth: Pick<AuthEngine, 'profiles' | 'credential' | 'markRejected'>;
  endpoints: Pick<Endpoints, 'chatgptBaseUrl' | 'anthropicBaseUrl'>;
  /** Total time for all providers together; default 3.5 s. */
  deadlineMs?: number;
  now?: () => number;
}

/**
 * Fetches the usage of every provider the engine has an OAuth profile for, in parallel, and
 * returns each one's usage or the reason it is unavailable (`usage unavailable (<reason>)`).
 * A 401/403 marks the profile rejected in the engine, so the status printed next says so.
 */
export async function collectUsage(options: CollectUsageOptions): Promise<Map<UsageProviderId, UsageOutcome>> {
  const { auth, endpoints } = options;
  const deadlineMs = options.deadlineMs ?? CLI_USAGE_DEADLINE_MS;
  const now = options.now ?? Date.now;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), deadlineMs);
  const providers = USAGE_PROVIDERS.filter((provider) => hasUsageProfile(auth, provider, now()));

  const fetchOne = async (provider: UsageProviderId): Promise<[UsageProviderId, UsageOutcome]> => {
    const source = pickUsageSource(auth, provider, now());
    if (!source.ok) return [provider, { usage: null, reason: source.reason }];
    try {
      const usage = await fetchProviderUsage(provider, source.credential, endpoints, {
        signal: controller.signal,
        timeoutMs: deadlineMs,
        now,
      });
      return [provider, { usage, reason: null }];
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      if (error.kind === 'rejected' && error.status !== null) auth.markRejected(source.profileId, error.status);
      const reason = error.kind === 'aborted' ? `timed out after ${deadlineMs / 1000}s` : error.message;
      return [provider, { usage: null, reason }];
    }
  };

  try {
    return new Map(await Promise.all(providers.map(fetchOne)));
  } finally {
    clearTimeout(timer);
  }
}
