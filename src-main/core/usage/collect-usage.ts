// One-shot usage for the CLI: every provider in parallel under one overall deadline, so
// `clawbar models status` never waits on a slow endpoint for more than a few seconds.
import { usageTargets } from '../providers/registry.js';

import { checkOf, type ProfileCheck } from './probe.js';
import { type ProviderUsage } from './types.js';
import { UsageError } from './usage-error.js';
import { fetchProviderUsage, pickUsageSource } from './usage-source.js';

import type { AuthEngine } from '../auth/types.js';
import type { Endpoints } from '../config/paths.js';

export const CLI_USAGE_DEADLINE_MS = 3500;

/** A key's usage or why it is absent, and what the fetch proved about the token it sent (`--probe`). */
export type UsageOutcome = ({ usage: ProviderUsage; reason: null } | { usage: null; reason: string }) & {
  check: ProfileCheck;
};

export interface CollectUsageOptions {
  auth: Pick<AuthEngine, 'profiles' | 'credential' | 'markRejected'>;
  endpoints: Endpoints;
  /** Total time for all providers together; default 3.5 s. */
  deadlineMs?: number;
  now?: () => number;
}

/**
 * Fetches the usage of every provider with a usable OAuth token, in parallel, and returns each
 * one's usage or the reason it is unavailable (`usage unavailable (<reason>)`).
 * A 401/403 marks the profile rejected in the engine, so the status printed next says so.
 */
export async function collectUsage(options: CollectUsageOptions): Promise<Map<string, UsageOutcome>> {
  const { auth, endpoints } = options;
  const deadlineMs = options.deadlineMs ?? CLI_USAGE_DEADLINE_MS;
  const now = options.now ?? Date.now;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), deadlineMs);
  // A provider whose login is missing or expired gets no usage line: its profile line says why.
  const keys = usageTargets(auth.profiles(now()).map((profile) => profile.id)).map((target) => target.key);
  const usable = keys.flatMap((key) => {
    const source = pickUsageSource(auth, key, now());
    return source.ok ? [[key, source] as const] : [];
  });

  const fetchOne = async ([provider, source]: (typeof usable)[number]): Promise<[string, UsageOutcome]> => {
    try {
      const usage = await fetchProviderUsage(provider, source, endpoints, {
        signal: controller.signal,
        timeoutMs: deadlineMs,
        now,
      });
      return [provider, { usage, reason: null, check: checkOf(source.profileId, now())! }];
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      if (error.kind === 'rejected' && error.status !== null) auth.markRejected(source.profileId, error.status);
      const reason = error.kind === 'aborted' ? `timed out after ${deadlineMs / 1000}s` : error.message;
      // The deadline is ours: the token was not judged.
      const check = checkOf(source.profileId, now(), error) ?? {
        profileId: source.profileId,
        result: 'unverified' as const,
        at: now(),
        detail: reason,
      };
      return [provider, { usage: null, reason, check }];
    }
  };

  try {
    return new Map(await Promise.all(usable.map(fetchOne)));
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The same, shaped for `models status`: every provider gets a ProviderUsage; one that did not
 * arrive has no windows and `error` set to the reason.
 */
export async function collectUsageForStatus(options: CollectUsageOptions): Promise<Map<string, ProviderUsage>> {
  return usageForStatus(await collectUsage(options));
}

/** Outcomes as `models status` shows them: a reason that did not arrive is the usage's `error`. */
export function usageForStatus(outcomes: Map<string, UsageOutcome>): Map<string, ProviderUsage> {
  const out = new Map<string, ProviderUsage>();
  for (const [provider, outcome] of outcomes) {
    out.set(provider, outcome.usage ?? { windows: [], fetchedAt: null, stale: false, error: outcome.reason });
  }
  return out;
}
