// The health probe (issue 18): does the server still accept each OAuth login's token? One cheap
// authenticated GET per profile — its provider's usage endpoint — at most every `auth.probe` and on
// demand. A usage poll is such a request already, so its outcome counts as a check and a profile
// the poller reads is never asked twice. A 401/403 to a token that is not past its expiry means the
// login was revoked: the engine marks it rejected (`expired`, with its re-login). A network error
// proves nothing either way: the check is `unverified` and the status stays.
// A probe only reads: it never refreshes a token (it calls no token endpoint), and never writes a
// credential file — the token it sends is the one the profile's owner last wrote.
import { createHash } from 'node:crypto';

import { errorMessage } from '../../../src-shared/error-message.js';
import { createLogger, type Logger } from '../log/logger.js';
import { usageTargets } from '../providers/registry.js';

import { DEFAULT_TIMEOUT_MS } from './http-json.js';
import { realTimers, type UsageTimers } from './types.js';
import { UsageError } from './usage-error.js';
import { fetchProviderUsage, type UsableSource } from './usage-source.js';

import type { ProbeView, ProfileView } from '../../../src-shared/protocol/index.js';
import type { AuthEngine } from '../auth/types.js';
import type { Endpoints } from '../config/paths.js';

export type ProbeResult = ProbeView['result'];

/** `models status --probe`: every probe of one run together, like the usage fetches (collect-usage.ts). */
export const CLI_PROBE_DEADLINE_MS = 3500;

/** One check of one profile's token: by a probe, or by a usage poll that used that token. */
export interface ProfileCheck {
  profileId: string;
  result: ProbeResult;
  /** Epoch ms. */
  at: number;
  /** Why it is not `verified`, one line (never a secret). */
  detail?: string;
  /** The HTTP status of a rejection. */
  status?: number;
}

/** What a profile view gains from its checks (`ProfileView.verifiedAt`, `.probe`). */
export type CheckView = Pick<ProfileView, 'verifiedAt' | 'probe' | 'canProbe'>;

export type ProbeAuth = Pick<AuthEngine, 'profiles' | 'credential' | 'markRejected'>;

/** Compared instead of the token, so the probe never keeps a copy of a secret (as the poller does). */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}

/**
 * The profiles a probe can ask about, each with the usage key whose endpoint takes its token:
 * OAuth logins a provider's usage endpoint reads, whose token still looks alive (`ok` or
 * `expiring`). An expired token is known dead already; sending it would prove nothing.
 */
export function probeTargets(profiles: readonly ProfileView[]): Map<string, string> {
  const alive = profiles.filter((p) => p.type !== 'api_key' && (p.status === 'ok' || p.status === 'expiring'));
  const ids = new Set(alive.map((p) => p.id));
  const out = new Map<string, string>();
  for (const target of usageTargets(ids)) {
    for (const id of target.profiles) if (ids.has(id) && !out.has(id)) out.set(id, target.key);
  }
  return out;
}

/** A usage fetch's outcome as a check of the token it sent (null: cancelled by the caller, nothing learnt). */
export function checkOf(profileId: string, at: number, error: unknown = null): ProfileCheck | null {
  if (error === null) return { profileId, result: 'verified', at };
  if (!(error instanceof UsageError)) return { profileId, result: 'unverified', at, detail: errorMessage(error) };
  if (error.kind === 'aborted') return null;
  if (error.kind === 'rejected') {
    return {
      profileId,
      result: 'rejected',
      at,
      detail: error.message,
      ...(error.status ? { status: error.status } : {}),
    };
  }
  return { profileId, result: 'unverified', at, detail: error.message };
}

export interface ProbeOnceOptions {
  auth: ProbeAuth;
  endpoints: Endpoints;
  /** Usage key of the endpoint that takes the token (from {@link probeTargets}). */
  key: string;
  signal?: AbortSignal;
  timeoutMs?: number;
  now?: () => number;
}

/**
 * Asks the server once whether it accepts `profileId`'s current token; a rejection marks the
 * profile rejected in the engine. Null when it has no token to send or the caller cancelled.
 */
export async function probeProfile(profileId: string, options: ProbeOnceOptions): Promise<ProfileCheck | null> {
  const { auth, endpoints, key } = options;
  const now = options.now ?? Date.now;
  const credential = auth.credential(profileId);
  if (!credential?.accessToken) return null;
  const source: UsableSource = {
    ok: true,
    profileId,
    credential: { ...credential, accessToken: credential.accessToken },
  };
  let check: ProfileCheck | null;
  try {
    await fetchProviderUsage(key, source, endpoints, {
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      now,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    check = checkOf(profileId, now());
  } catch (error) {
    check = checkOf(profileId, now(), error);
  }
  // Only while the token sent is still the profile's: a new login meanwhile is not what was judged.
  if (check?.result === 'rejected' && auth.credential(profileId)?.accessToken === credential.accessToken) {
    auth.markRejected(profileId, check.status ?? 401);
  }
  return check;
}

/** A check as a profile view shows it; `verifiedAt` from an earlier check of the same token when this one did not verify. */
export function checkView(check: ProfileCheck, verifiedAt: number | null = null): CheckView {
  const probe: ProbeView = { result: check.result, at: new Date(check.at).toISOString() };
  if (check.detail) probe.detail = check.detail;
  const verified = check.result === 'verified' ? check.at : verifiedAt;
  return { ...(verified !== null ? { verifiedAt: new Date(verified).toISOString() } : {}), probe };
}

/**
 * Probes, in parallel under one deadline, every profile a probe can ask about except those in
 * `skip` (already checked by this run's usage fetch): `models status --probe`.
 */
export async function probeEach(
  options: Omit<ProbeOnceOptions, 'key' | 'signal' | 'timeoutMs'> & { skip?: ReadonlySet<string>; deadlineMs: number },
): Promise<ProfileCheck[]> {
  const now = options.now ?? Date.now;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.deadlineMs);
  const targets = [...probeTargets(options.auth.profiles(now()))].filter(([id]) => !options.skip?.has(id));
  try {
    const checks = await Promise.all(
      targets.map(async ([profileId, key]) => {
        const check = await probeProfile(profileId, {
          ...options,
          key,
          signal: controller.signal,
          timeoutMs: options.deadlineMs,
        });
        if (check || !controller.signal.aborted) return check;
        // Cancelled at our own deadline: the server was not heard, so nothing is known.
        const detail = `timed out after ${options.deadlineMs / 1000}s`;
        return { profileId, result: 'unverified' as const, at: now(), detail };
      }),
    );
    return checks.filter((check): check is ProfileCheck => check !== null);
  } finally {
    clearTimeout(timer);
  }
}

export interface HealthProbeOptions {
  auth: ProbeAuth & Pick<AuthEngine, 'onChanged'>;
  endpoints: Endpoints;
  /** `auth.probe`: how often each profile is checked at most; null: only on demand. */
  periodMs: number | null;
  /** How long after start a profile nothing has checked yet is probed (the first usage poll comes first); default min(period, 60 s). */
  firstDelayMs?: number;
  requestTimeoutMs?: number;
  timers?: UsageTimers;
  logger?: Logger;
}

export interface HealthProbe {
  start(): void;
  stop(): void;
  /** Checks now (one profile, or every one a probe can ask about); resolves with the profiles checked. */
  probe(profileId?: string): Promise<ProfileCheck[]>;
  /** A check made elsewhere with the profile's current token (a usage poll). */
  record(check: ProfileCheck): void;
  /** What each profile's view shows: its current token's checks, and `canProbe`; profiles with neither are absent. */
  views(): Map<string, CheckView>;
  /** Called when `views()` changed. */
  onChanged(listener: () => void): () => void;
  setPeriodMs(ms: number | null): void;
}

interface Checked {
  /** The token the checks below are about. */
  fingerprint: string;
  /** Last check of this profile, whatever its token: the period counts from here. */
  lastAt: number;
  verifiedAt: number | null;
  last: ProfileCheck;
}

/** The probe's schedule and memory; nothing is sent until `start()` (or `probe()`). */
export function createHealthProbe(options: HealthProbeOptions): HealthProbe {
  const { auth, endpoints } = options;
  const timers = options.timers ?? realTimers;
  const logger = options.logger ?? createLogger('auth-probe');
  let periodMs = options.periodMs;
  const checked = new Map<string, Checked>();
  const inFlight = new Map<string, Promise<ProfileCheck | null>>();
  const listeners = new Set<() => void>();
  let abort = new AbortController();
  let running = false;
  let startedAt = 0;
  let timer: unknown = null;
  let shown = '{}';
  let unsubscribe: (() => void) | null = null;

  const fingerprintOf = (profileId: string): string | null => {
    const token = auth.credential(profileId)?.accessToken;
    return token ? tokenFingerprint(token) : null;
  };

  const views = (): Map<string, CheckView> => {
    const out = new Map<string, CheckView>();
    for (const profileId of probeTargets(auth.profiles(timers.now())).keys()) out.set(profileId, { canProbe: true });
    for (const [profileId, entry] of checked) {
      // A check holds for the token it was made with: a new login starts unverified.
      if (fingerprintOf(profileId) !== entry.fingerprint) continue;
      out.set(profileId, { ...out.get(profileId), ...checkView(entry.last, entry.verifiedAt) });
    }
    return out;
  };

  const announceIfChanged = () => {
    const next = JSON.stringify([...views()]);
    if (next === shown) return;
    shown = next;
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        logger.error(`a probe listener failed: ${errorMessage(error)}`);
      }
    }
  };

  const remember = (check: ProfileCheck, fingerprint: string) => {
    const previous = checked.get(check.profileId);
    const sameToken = previous?.fingerprint === fingerprint;
    const verifiedAt = check.result === 'verified' ? check.at : sameToken ? previous.verifiedAt : null;
    if (check.result === 'rejected' && previous?.last.result !== 'rejected') {
      logger.warn(`${check.profileId}: ${check.detail ?? 'rejected by server'} — the login was revoked; log in again`);
    } else if (check.result === 'unverified' && previous?.last.detail !== check.detail) {
      logger.info(`${check.profileId}: could not check the token (${check.detail ?? 'no answer'})`);
    }
    checked.set(check.profileId, { fingerprint, lastAt: check.at, verifiedAt, last: check });
  };

  const runOne = (profileId: string, key: string): Promise<ProfileCheck | null> => {
    const current = inFlight.get(profileId);
    if (current) return current;
    const fingerprint = fingerprintOf(profileId);
    const run = (async () => {
      const check = await probeProfile(profileId, {
        auth,
        endpoints,
        key,
        signal: abort.signal,
        timeoutMs: options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS,
        now: () => timers.now(),
      });
      if (check && fingerprint !== null) remember(check, fingerprint);
      return check;
    })().finally(() => inFlight.delete(profileId));
    inFlight.set(profileId, run);
    return run;
  };

  /** When `profileId` is next due: a period after its last check, or shortly after start when never checked. */
  const dueAt = (profileId: string, period: number): number => {
    const last = checked.get(profileId)?.lastAt;
    return last === undefined ? startedAt + (options.firstDelayMs ?? Math.min(period, 60_000)) : last + period;
  };

  const reschedule = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    if (!running || periodMs === null) return;
    const period = periodMs;
    const targets = [...probeTargets(auth.profiles(timers.now())).keys()].filter((id) => !inFlight.has(id));
    if (targets.length === 0) return;
    const next = Math.min(...targets.map((id) => dueAt(id, period)));
    timer = timers.setTimeout(() => void tick(), Math.max(0, next - timers.now()));
  };

  const tick = async () => {
    timer = null;
    if (!running || periodMs === null) return;
    const period = periodMs;
    const now = timers.now();
    const due = [...probeTargets(auth.profiles(now))].filter(([id]) => dueAt(id, period) <= now);
    const pending = due.map(([id, key]) => runOne(id, key));
    reschedule();
    await Promise.all(pending);
    announceIfChanged();
    reschedule();
  };

  return {
    start() {
      if (running) return;
      running = true;
      abort = new AbortController();
      startedAt = timers.now();
      // A new token, a new profile or a rejection moves the schedule and what the views show.
      unsubscribe = auth.onChanged(() => {
        announceIfChanged();
        reschedule();
      });
      reschedule();
    },
    stop() {
      running = false;
      unsubscribe?.();
      unsubscribe = null;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      abort.abort();
    },
    async probe(profileId) {
      const targets = probeTargets(auth.profiles(timers.now()));
      const picked =
        profileId === undefined
          ? [...targets]
          : targets.has(profileId)
            ? [[profileId, targets.get(profileId)!] as const]
            : [];
      const checks = await Promise.all(picked.map(([id, key]) => runOne(id, key)));
      announceIfChanged();
      reschedule();
      return checks.filter((check): check is ProfileCheck => check !== null);
    },
    record(check) {
      const fingerprint = fingerprintOf(check.profileId);
      if (fingerprint === null) return;
      remember(check, fingerprint);
      announceIfChanged();
      reschedule();
    },
    views,
    onChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setPeriodMs(ms) {
      periodMs = ms;
      reschedule();
    },
  };
}
