// The gateway's usage poller (DESIGN.md §4): polls each provider whose profile holds a usable
// OAuth token, every `usage.refresh`, at most once a minute per provider, backing off on 429.
import type { AuthEngine } from '../auth/types.js';
import type { Endpoints } from '../config/paths.js';
import type { Logger } from '../log/logger.js';
import type { UsageByProvider, UsageProviderId, UsageTimers } from './types.js';

export interface UsagePollerOptions {
  auth: AuthEngine;
  /** Base URLs; pass `resolveEndpoints(env)`. */
  endpoints: Pick<Endpoints, 'chatgptBaseUrl' | 'anthropicBaseUrl'>;
  /** Polling period (config `usage.refresh`); default 300 000 ms. */
  refreshMs?: number;
  /** Floor between two fetches of one provider, whatever asks; default 60 000 ms. */
  minIntervalMs?: number;
  /** Per-request timeout; default 10 000 ms. */
  requestTimeoutMs?: number;
  /** Clock and timers; default the real ones. */
  timers?: UsageTimers;
  logger?: Logger;
}

export interface UsagePoller {
  /** Fetches every pollable provider now, then keeps polling; follows auth changes. */
  start(): void;
  /** Stops timers, aborts requests in flight, unsubscribes from the auth engine. */
  stop(): void;
  /**
   * Fetches now (one provider, or all) unless that provider was fetched less than a minute ago or
   * is backing off after a 429; resolves with the usage map once done.
   */
  refresh(provider?: UsageProviderId | string): Promise<UsageByProvider>;
  /** The current usage per provider (absent: no usable OAuth login). */
  providers(): UsageByProvider;
  /** Called with the full map whenever a provider's usage really changed (not on a mere re-fetch). */
  onChanged(listener: (usage: UsageByProvider) => void): () => void;
}

export function createUsagePoller(_options: UsagePollerOptions): UsagePoller {
  throw new Error('usage poller: not built yet');
}
