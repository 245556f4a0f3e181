// Delegated refresh (DESIGN.md §5): clawbar never refreshes the Codex CLI's tokens itself (refresh
// tokens are single-use, docs/codex-cli.md#token-refresh: a second refresher logs Codex out). Instead,
// shortly before the token expires — or when asked — it asks Codex to do it: `codex app-server`,
// `account/read {"refreshToken": true}`, then re-reads the sources.
//
// Checked on Codex 0.169 (docs/codex-cli.md#codex-app-server): the refresh happens inside
// `account/read`, which then may still answer an error (it goes on to call chatgpt.com), and a
// refused refresh answers `account: null`. So the outcome is judged by what is on disk afterwards.
import { createHash } from 'node:crypto';

import { formatDuration } from '../../../src-shared/format.js';
import { classifyCliRefreshFailure, refreshFailureDetail } from '../auth/refresh-failure.js';
import { readCredentialText } from '../auth/sources/read-json-file.js';
import { createLogger } from '../log/logger.js';
import { delegatedRefreshProfileId, loginOf } from '../providers/registry.js';

import { openAppServer, type AppServerError, type AppServerSession } from './app-server.js';
import { createRefreshSchedule } from './refresh-schedule.js';

import type { ProfileView } from '../../../src-shared/protocol/index.js';
import type { AuthEngine } from '../auth/types.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import type { CliLogin } from '../providers/types.js';
import type { DelegatedRefreshResult } from './types.js';

/** The only profile whose CLI clawbar can ask to refresh (its provider says so), and that CLI's login. */
const DELEGATED_PROFILE_ID = delegatedRefreshProfileId();
const CLI = loginOf(DELEGATED_PROFILE_ID) as CliLogin;
const CLI_LOGIN_COMMAND = [CLI.command, ...CLI.args].join(' ');

export interface DelegatedRefresherOptions {
  /** `reauth`: the CLI's command and `refreshBeforeMs`, read at each use. */
  config: { current(): Pick<Config, 'reauth'> };
  auth: Pick<AuthEngine, 'reload' | 'profiles' | 'onChanged'> & Partial<Pick<AuthEngine, 'setNote'>>;
  /** `paths.codexAuth`: compared before and after to see whether Codex rewrote it. */
  codexAuthFile: string;
  /** The child's environment (CODEX_HOME passes through); default `process.env`. */
  env?: Record<string, string | undefined>;
  clock?: () => number;
  logger?: Logger;
  /** At most one attempt per profile this often; default 15 min. */
  minIntervalMs?: number;
  /** Bound on the whole app-server session; default 60 s. */
  timeoutMs?: number;
  /** Sent as clientInfo.version. */
  clientVersion?: string;
  /** Called with a failure detail (or null after success), besides `auth.setNote`. */
  onDetail?: (profileId: string, detail: string | null) => void;
}

export interface DelegatedRefresher {
  /**
   * Asks Codex to refresh now (`auth.refresh {delegate:true}`). Joins an attempt in flight;
   * `skipped` when the last attempt was under `minIntervalMs` ago.
   */
  refresh(profileId?: string): Promise<DelegatedRefreshResult>;
  /** The current failure detail of a profile, or null. */
  detail(profileId: string): string | null;
  /** Starts refreshing automatically once the token is within `reauth.refreshBeforeMs` of expiry. */
  start(): void;
  /** Stops the automatic refresh and waits for an attempt in flight. */
  stop(): Promise<void>;
}

async function fileHash(file: string): Promise<string | null> {
  // Codex's auth.json, read without blocking on a FIFO or reading past the credential-file cap.
  const read = await readCredentialText(file);
  return read.kind === 'text' ? createHash('sha256').update(read.text).digest('hex') : null;
}

/** Creates the delegated refresher; see {@link DelegatedRefresher}. */
export function createDelegatedRefresher(options: DelegatedRefresherOptions): DelegatedRefresher {
  const log = options.logger ?? createLogger('reauth');
  const clock = options.clock ?? Date.now;
  const minIntervalMs = options.minIntervalMs ?? 15 * 60 * 1000;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const env = options.env ?? process.env;
  const details = new Map<string, string | null>();
  const lastAttempt = new Map<string, number>();

  const setDetail = (profileId: string, detail: string | null, refreshFailed = false) => {
    if ((details.get(profileId) ?? null) === detail) return;
    details.set(profileId, detail);
    options.auth.setNote?.(profileId, detail, { refreshFailed });
    options.onDetail?.(profileId, detail);
  };

  const current = (): ProfileView | null =>
    options.auth.profiles(clock()).find((p) => p.id === DELEGATED_PROFILE_ID) ?? null;

  async function attempt(): Promise<DelegatedRefreshResult> {
    const profileId = DELEGATED_PROFILE_ID;
    lastAttempt.set(profileId, clock());
    const before = current();
    const hashBefore = await fileHash(options.codexAuthFile);
    let reason: string | null = null;
    let dead: ReturnType<typeof classifyCliRefreshFailure> = null;
    let session: AppServerSession | undefined;
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      void session?.close();
    }, timeoutMs);
    try {
      session = await openAppServer({
        command: options.config.current().reauth[CLI.cli].command,
        env,
        clientInfo: { name: 'clawbar', version: options.clientVersion ?? '0' },
        requestTimeoutMs: timeoutMs,
      });
      try {
        const result = (await session.request('account/read', { refreshToken: true })) as {
          account?: { type?: string } | null;
        } | null;
        if (!result?.account) {
          dead = classifyCliRefreshFailure(session.stderrTail());
          const stderr = session.stderrTail().find((line) => /refresh/i.test(line));
          const why = stderr ? stderr.replace(/^.*?(Failed to refresh token)/, '$1') : 'it reports no login';
          reason = `Codex could not refresh its login (${why}) — re-login needed`;
        }
      } catch (error) {
        reason = timedOut
          ? `codex app-server did not answer within ${formatDuration(timeoutMs)}`
          : `codex app-server: ${(error as Error).message}`;
      }
    } catch (error) {
      const code = (error as AppServerError).code;
      reason = code === 'ENOENT' ? CLI.installHint : (error as Error).message;
    } finally {
      clearTimeout(deadline);
      await session?.close();
    }

    const changed = (await fileHash(options.codexAuthFile)) !== hashBefore;
    let profile: ProfileView | null = null;
    try {
      profile = (await options.auth.reload()).find((p) => p.id === profileId) ?? null;
    } catch (error) {
      log.warn(`re-reading the sources after a delegated refresh failed: ${(error as Error).message}`);
    }
    const beforeExp = before?.expiresAt ? Date.parse(before.expiresAt) : null;
    const afterExp = profile?.expiresAt ? Date.parse(profile.expiresAt) : null;
    const extended = afterExp !== null && (beforeExp === null || afterExp > beforeExp);
    if (changed || extended) {
      // Refreshed, even when the reply was an error (Codex goes on to call chatgpt.com afterwards).
      setDetail(profileId, null);
      const left = profile?.remainingMs != null ? `, expires in ${formatDuration(profile.remainingMs)}` : '';
      log.info(`codex refreshed its login${left}`);
      return { profileId, outcome: 'refreshed', detail: null, profile };
    }
    // A refresh token the server refused is dead: say so, with the login that fixes it.
    const detail = dead
      ? refreshFailureDetail(dead, CLI_LOGIN_COMMAND)
      : `delegated refresh failed: ${reason ?? 'Codex left auth.json unchanged'}`;
    setDetail(profileId, detail, dead !== null);
    log.warn(detail);
    return { profileId, outcome: 'failed', detail, profile };
  }

  function refresh(profileId: string = DELEGATED_PROFILE_ID): Promise<DelegatedRefreshResult> {
    if (profileId !== DELEGATED_PROFILE_ID) {
      return Promise.resolve({
        profileId,
        outcome: 'skipped',
        detail: `only ${DELEGATED_PROFILE_ID} can be refreshed by its CLI`,
        profile: null,
      });
    }
    // A call while a refresh runs joins it, even within the minimum interval.
    return schedule.once(async () => {
      const last = lastAttempt.get(profileId);
      const now = clock();
      if (last !== undefined && now - last < minIntervalMs) {
        return {
          profileId,
          outcome: 'skipped',
          detail: `last attempt ${formatDuration(now - last)} ago; next one possible in ${formatDuration(minIntervalMs - (now - last))}`,
          profile: current(),
        };
      }
      return attempt();
    });
  }

  /** When the automatic refresh is due next (epoch ms), or null when there is nothing to refresh. */
  function dueAt(): number | null {
    const profile = current();
    if (!profile || !profile.refreshable || !profile.expiresAt || profile.status === 'missing') return null;
    const due = Date.parse(profile.expiresAt) - options.config.current().reauth.refreshBeforeMs;
    const last = lastAttempt.get(DELEGATED_PROFILE_ID);
    return last === undefined ? due : Math.max(due, last + minIntervalMs);
  }

  const schedule = createRefreshSchedule<DelegatedRefreshResult>({ auth: options.auth, clock, dueAt, run: refresh });

  return {
    refresh,
    detail: (profileId) => details.get(profileId) ?? null,
    start: () => schedule.start(),
    stop: () => schedule.stop(),
  };
}
