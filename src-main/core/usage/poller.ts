// The gateway's usage poller (DESIGN.md §4): polls each provider whose profile holds a usable
// OAuth token, every `usage.refresh`, at most once a minute per provider, backing off on 429.
import { createHash } from 'node:crypto';

import { errorMessage } from '../../../src-shared/error-message.js';
import { createLogger, type Logger } from '../log/logger.js';
import { usageTargets } from '../providers/registry.js';

import { DEFAULT_TIMEOUT_MS } from './http-json.js';
import { checkOf, type ProfileCheck } from './probe.js';
import { realTimers, type ProviderUsage, type UsageByProvider, type UsageTimers } from './types.js';
import { UsageError } from './usage-error.js';
import { fetchProviderUsage, hasUsageProfile, pickUsageSource } from './usage-source.js';

import type { AuthEngine } from '../auth/types.js';
import type { Endpoints } from '../config/paths.js';

export const DEFAULT_REFRESH_MS = 300_000;
export const MIN_INTERVAL_MS = 60_000;
/** Ceiling of the 429 backoff when the server names no longer wait. */
export const MAX_RATE_LIMIT_BACKOFF_MS = 3_600_000;

export interface UsagePollerOptions {
  auth: AuthEngine;
  /** Base URLs; pass `resolveEndpoints(env)`. */
  endpoints: Endpoints;
  /** Polling period (config `usage.refresh`); default 300 000 ms, never below `minIntervalMs`. */
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
  refresh(provider?: string): Promise<UsageByProvider>;
  /** The current usage per provider (absent: no usable OAuth login). */
  providers(): UsageByProvider;
  /** Called with the full map whenever a provider's usage really changed (not on a mere re-fetch). */
  onChanged(listener: (usage: UsageByProvider) => void): () => void;
  /**
   * Called after every successful fetch, same numbers or not, before `onChanged`: each reading is a
   * sample of the usage history, whose pace needs the flat stretches too.
   */
  onFetched(listener: (provider: string, usage: ProviderUsage) => void): () => void;
  /**
   * Called after every finished fetch with what it proved about the token it sent (issue 18's
   * health probe counts a poll as a check, so a profile the poller reads is not asked twice).
   */
  onChecked(listener: (check: ProfileCheck) => void): () => void;
  /** Applies a new `usage.refresh` (from config.set): the next regular poll moves to last fetch + period. */
  setRefreshMs(ms: number): void;
}

interface ProviderState {
  usage: ProviderUsage | null;
  lastAttemptAt: number | null;
  /** No fetch before this time (429 backoff), whoever asks. */
  notBefore: number;
  rateLimitStreak: number;
  failureStreak: number;
  timer: unknown;
  timerAt: number | null;
  inFlight: Promise<void> | null;
  abort: AbortController | null;
  /** Fingerprint of the token the server rejected: it is not sent again until the login changes. */
  rejectedToken: string | null;
  /** The pending timer is the regular period (not a retry), so a new period may move it. */
  regular: boolean;
}

// Compared instead of the token itself so the state never holds a second copy of the secret.
function fingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

// What counts as a change: everything but `fetchedAt`, so a re-fetch with the same numbers is quiet.
function changeKey(usage: ProviderUsage | null): string {
  if (!usage) return 'null';
  const { fetchedAt: _fetchedAt, ...rest } = usage;
  return JSON.stringify(rest);
}

/** Creates the poller; nothing happens until `start()`. */
export function createUsagePoller(options: UsagePollerOptions): UsagePoller {
  const { auth, endpoints } = options;
  const timers = options.timers ?? realTimers;
  const logger = options.logger ?? createLogger('usage');
  const minIntervalMs = options.minIntervalMs ?? MIN_INTERVAL_MS;
  let refreshMs = Math.max(options.refreshMs ?? DEFAULT_REFRESH_MS, minIntervalMs);
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;

  // Provider ids, and `<provider>@<account>` for each account the engine knows (usage-source.ts).
  const pollable = () => usageTargets(auth.profiles().map((profile) => profile.id)).map((target) => target.key);
  const states = new Map<string, ProviderState>();
  const listeners = new Set<(usage: UsageByProvider) => void>();
  const fetchedListeners = new Set<(provider: string, usage: ProviderUsage) => void>();
  const checkedListeners = new Set<(check: ProfileCheck) => void>();
  const tellChecked = (profileId: string, error: unknown = null) => {
    const check = checkOf(profileId, timers.now(), error);
    if (!check) return;
    for (const listener of checkedListeners) {
      try {
        listener(check);
      } catch (caught) {
        logger.error(`usage listener failed: ${errorMessage(caught)}`);
      }
    }
  };
  let running = false;
  let unsubscribe: (() => void) | null = null;

  const snapshot = (): UsageByProvider => {
    const out: UsageByProvider = {};
    for (const [provider, state] of states) if (state.usage) out[provider] = state.usage;
    return out;
  };

  const emit = () => {
    const usage = snapshot();
    for (const listener of listeners) {
      try {
        listener(usage);
      } catch (error) {
        logger.error(`usage listener failed: ${errorMessage(error)}`);
      }
    }
  };

  const setUsage = (state: ProviderState, next: ProviderUsage | null): boolean => {
    const changed = changeKey(state.usage) !== changeKey(next);
    state.usage = next;
    return changed;
  };

  const stateOf = (provider: string): ProviderState => {
    let state = states.get(provider);
    if (!state) {
      state = {
        usage: null,
        lastAttemptAt: null,
        notBefore: 0,
        rateLimitStreak: 0,
        failureStreak: 0,
        timer: null,
        timerAt: null,
        inFlight: null,
        abort: null,
        rejectedToken: null,
        regular: false,
      };
      states.set(provider, state);
    }
    return state;
  };

  const cancelTimer = (state: ProviderState) => {
    if (state.timer !== null) timers.clearTimeout(state.timer);
    state.timer = null;
    state.timerAt = null;
    state.regular = false;
  };

  /** The earliest time a fetch of this provider is allowed. */
  const earliest = (state: ProviderState): number =>
    Math.max(state.notBefore, state.lastAttemptAt === null ? 0 : state.lastAttemptAt + minIntervalMs);

  const schedule = (provider: string, at: number) => {
    const state = stateOf(provider);
    const when = Math.max(at, earliest(state));
    if (state.timerAt !== null && state.timerAt <= when) return;
    cancelTimer(state);
    if (when <= timers.now()) {
      void fetchNow(provider);
      return;
    }
    state.timerAt = when;
    state.timer = timers.setTimeout(
      () => {
        state.timer = null;
        state.timerAt = null;
        void fetchNow(provider);
      },
      Math.max(0, when - timers.now()),
    );
  };

  /** Keeps the last windows, flagged stale, with the reason the latest attempt failed. */
  const failedUsage = (state: ProviderState, error: string): ProviderUsage => {
    const last = state.usage;
    if (!last || last.fetchedAt === null) return { windows: [], fetchedAt: null, stale: false, error };
    return { ...last, stale: true, error };
  };

  const fetchNow = (provider: string): Promise<void> => {
    const state = stateOf(provider);
    if (state.inFlight) return state.inFlight;
    const source = pickUsageSource(auth, provider);
    if (!source.ok) return Promise.resolve();
    const token = fingerprint(source.credential.accessToken);
    if (state.rejectedToken === token) return Promise.resolve();
    cancelTimer(state);
    state.lastAttemptAt = timers.now();
    const abort = new AbortController();
    state.abort = abort;

    const run = async () => {
      let changed: boolean;
      try {
        const usage = await fetchProviderUsage(provider, source, endpoints, {
          signal: abort.signal,
          timeoutMs: requestTimeoutMs,
          now: () => timers.now(),
        });
        if (!running) return;
        tellChecked(source.profileId);
        state.rateLimitStreak = 0;
        state.failureStreak = 0;
        state.notBefore = 0;
        state.rejectedToken = null;
        if (state.usage?.error) logger.info(`${provider} usage fetched again`);
        changed = setUsage(state, usage);
        schedule(provider, timers.now() + refreshMs);
        state.regular = state.timer !== null;
        for (const listener of fetchedListeners) {
          try {
            listener(provider, usage);
          } catch (error) {
            logger.error(`usage listener failed: ${errorMessage(error)}`);
          }
        }
      } catch (caught) {
        if (!running) return;
        // Anything but a UsageError is a bug here; it must not become an unhandled rejection that
        // takes the gateway down, so it counts as one more failed attempt.
        const error =
          caught instanceof UsageError ? caught : new UsageError('http', `unexpected error: ${errorMessage(caught)}`);
        if (error.kind === 'aborted') return;
        tellChecked(source.profileId, error);
        if (error.message !== state.usage?.error) {
          logger.warn(`${provider} usage: ${error.message}${error.detail ? ` (${error.detail})` : ''}`);
        }
        changed = setUsage(state, failedUsage(state, error.message));
        if (error.kind === 'rejected') {
          // Set before telling the engine: its change event comes back here synchronously.
          state.rejectedToken = token;
          auth.markRejected(source.profileId, error.status ?? 401);
        } else if (error.kind === 'rate-limited') {
          state.rateLimitStreak += 1;
          const backoff = Math.min(minIntervalMs * 2 ** (state.rateLimitStreak - 1), MAX_RATE_LIMIT_BACKOFF_MS);
          state.notBefore = timers.now() + Math.max(error.retryAfterMs ?? 0, backoff);
          schedule(provider, state.notBefore);
        } else {
          state.failureStreak += 1;
          schedule(provider, timers.now() + Math.min(refreshMs, minIntervalMs * 2 ** (state.failureStreak - 1)));
        }
      } finally {
        state.inFlight = null;
        state.abort = null;
      }
      if (changed) emit();
    };
    state.inFlight = run();
    return state.inFlight;
  };

  /** Follows the auth engine: new logins start polling, lost ones stop, a new token lifts a rejection. */
  const sync = () => {
    if (!running) return;
    let changed = false;
    for (const provider of new Set([...pollable(), ...states.keys()])) {
      const source = pickUsageSource(auth, provider);
      const state = states.get(provider);
      if (source.ok) {
        const current = stateOf(provider);
        if (current.rejectedToken !== null && current.rejectedToken !== fingerprint(source.credential.accessToken)) {
          current.rejectedToken = null;
        }
        if (current.rejectedToken === null && current.timer === null && !current.inFlight) {
          schedule(provider, timers.now());
        }
      } else if (state && hasUsageProfile(auth, provider)) {
        // Logged in but the token is unusable (expired, rejected): keep the numbers, say why. A
        // provider never fetched gets no entry: its profile's status already says why.
        const current = state;
        cancelTimer(current);
        current.abort?.abort();
        const reason = current.rejectedToken !== null ? (current.usage?.error ?? source.reason) : source.reason;
        changed = setUsage(current, failedUsage(current, reason)) || changed;
      } else if (state) {
        // Logged out: no login, no usage line.
        cancelTimer(state);
        state.abort?.abort();
        states.delete(provider);
        changed = changed || state.usage !== null;
      }
    }
    if (changed) emit();
  };

  return {
    start() {
      if (running) return;
      running = true;
      unsubscribe = auth.onChanged(() => sync());
      sync();
    },
    stop() {
      running = false;
      unsubscribe?.();
      unsubscribe = null;
      for (const state of states.values()) {
        cancelTimer(state);
        state.abort?.abort();
      }
    },
    async refresh(provider) {
      const keys = pollable();
      // One provider's refresh covers its accounts too.
      const targets =
        provider === undefined ? keys : keys.filter((key) => key === provider || key.startsWith(`${provider}@`));
      const now = timers.now();
      await Promise.all(
        targets.map((target) => {
          const state = states.get(target);
          if (state?.inFlight) return state.inFlight;
          if (state && now < earliest(state)) return undefined;
          return fetchNow(target);
        }),
      );
      return snapshot();
    },
    providers: snapshot,
    setRefreshMs(ms) {
      refreshMs = Math.max(ms, minIntervalMs);
      for (const [provider, state] of states) {
        if (!state.regular || state.lastAttemptAt === null) continue;
        cancelTimer(state);
        schedule(provider, state.lastAttemptAt + refreshMs);
        state.regular = state.timer !== null;
      }
    },
    onChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onFetched(listener) {
      fetchedListeners.add(listener);
      return () => fetchedListeners.delete(listener);
    },
    onChecked(listener) {
      checkedListeners.add(listener);
      return () => checkedListeners.delete(listener);
    },
  };
}
