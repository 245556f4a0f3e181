// Delegated refresh (DESIGN.md §5): clawbar never refreshes the Codex CLI's tokens itself (refresh
// tokens are single-use, docs/codex-cli.md#token-refresh: a second refresher logs Codex out). Instead,
// shortly before the token expires — or when asked — it asks Codex to do it: `codex app-server`,
// `account/read {"refreshToken": true}`, then re-reads the sources.
//
// Checked on Codex 0.169 (docs/codex-cli.md#codex-app-server): the refresh happens inside
// `account/read`, which then may still answer an error (it goes on to call chatgpt.com), and a
// refused refresh answers `account: null`. So the outcome is judged by what is on disk afterwards.
// An account's login (`openai-codex:codex-cli@work`) is refreshed the same way, by a Codex run with
// that account's home as CODEX_HOME.
import { createHash } from 'node:crypto';
import path from 'node:path';

import { formatDuration } from '../../../src-shared/format.js';
import { splitAccount, withAccount } from '../auth/account-id.js';
import { providerOf } from '../auth/reading.js';
import { classifyCliRefreshFailure, refreshFailureDetail } from '../auth/refresh-failure.js';
import { readCredentialText } from '../auth/sources/read-json-file.js';
import { loginCommandOf, type Config } from '../config/schema.js';
import { createLogger } from '../log/logger.js';
import { accountHomeEnv, delegatedRefreshProfileId, loginOf } from '../providers/registry.js';

import { openAppServer, type AppServerError, type AppServerSession } from './app-server.js';
import { createRefreshSchedule, type RefreshSchedule } from './refresh-schedule.js';

import type { ProfileView } from '../../../src-shared/protocol/index.js';
import type { AuthEngine } from '../auth/types.js';
import type { Logger } from '../log/logger.js';
import type { CliLogin } from '../providers/types.js';
import type { DelegatedRefreshResult } from './types.js';

/** The profile whose CLI clawbar can ask to refresh (its provider says so), and that CLI's login. */
const DELEGATED_PROFILE_ID = delegatedRefreshProfileId();
const PROVIDER = providerOf(DELEGATED_PROFILE_ID);
/** The variable that names the CLI's home (`CODEX_HOME`). */
const HOME_ENV = accountHomeEnv(PROVIDER);
const CLI = loginOf(DELEGATED_PROFILE_ID) as CliLogin;
const CLI_LOGIN_COMMAND = [CLI.command, ...CLI.args].join(' ');

/** What one refresh runs against: the profile, the login file to watch, the CLI's environment. */
interface Target {
  profileId: string;
  authFile: string;
  env: Record<string, string | undefined>;
  /** The login that fixes a dead refresh token (`codex login`, with the account's home for an account). */
  loginCommand: string;
}

export interface DelegatedRefresherOptions {
  /** `reauth`: the CLI's command and `refreshBeforeMs`; `accounts`: the homes of further logins. Read at each use. */
  config: { current(): Pick<Config, 'reauth'> & Partial<Pick<Config, 'accounts'>> };
  auth: Pick<AuthEngine, 'reload' | 'profiles' | 'onChanged'> & Partial<Pick<AuthEngine, 'setNote'>>;
  /** `paths.codexAuth`: compared before and after to see whether Codex rewrote it (an account's is in its home). */
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
   * Asks Codex to refresh now (`auth.refresh {delegate:true}`): the default login or an account's.
   * Joins an attempt in flight for that profile; `skipped` when its last attempt was under
   * `minIntervalMs` ago, or when no CLI refreshes the profile.
   */
  refresh(profileId?: string): Promise<DelegatedRefreshResult>;
  /** Whether `profileId` is a login its CLI can be asked to refresh (the default one, or a configured account's). */
  handles(profileId: string): boolean;
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

  const current = (profileId: string): ProfileView | null =>
    options.auth.profiles(clock()).find((p) => p.id === profileId) ?? null;

  /** The default login, then one per configured account of the provider, each with its home. */
  function targets(): Target[] {
    const list: Target[] = [
      { profileId: DELEGATED_PROFILE_ID, authFile: options.codexAuthFile, env, loginCommand: CLI_LOGIN_COMMAND },
    ];
    if (!HOME_ENV) return list;
    for (const account of options.config.current().accounts ?? []) {
      if (account.provider !== PROVIDER) continue;
      list.push({
        profileId: withAccount(DELEGATED_PROFILE_ID, account.id),
        authFile: path.join(account.home, 'auth.json'),
        env: { ...env, [HOME_ENV]: account.home },
        loginCommand: `clawbar relogin ${CLI.cli} --account ${account.id}`,
      });
    }
    return list;
  }
  const targetOf = (profileId: string): Target | undefined =>
    splitAccount(profileId).base === DELEGATED_PROFILE_ID
      ? targets().find((t) => t.profileId === profileId)
      : undefined;

  async function attempt(target: Target): Promise<DelegatedRefreshResult> {
    const { profileId } = target;
    lastAttempt.set(profileId, clock());
    const before = current(profileId);
    const hashBefore = await fileHash(target.authFile);
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
        command: loginCommandOf(options.config.current(), CLI.cli).command,
        env: target.env,
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

    const changed = (await fileHash(target.authFile)) !== hashBefore;
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
      const whose = profileId === DELEGATED_PROFILE_ID ? '' : ` of ${profileId}`;
      log.info(`codex refreshed its login${whose}${left}`);
      return { profileId, outcome: 'refreshed', detail: null, profile };
    }
    // A refresh token the server refused is dead: say so, with the login that fixes it.
    const detail = dead
      ? refreshFailureDetail(dead, target.loginCommand)
      : `delegated refresh failed: ${reason ?? 'Codex left auth.json unchanged'}`;
    setDetail(profileId, detail, dead !== null);
    log.warn(detail);
    return { profileId, outcome: 'failed', detail, profile };
  }

  // One attempt at a time per profile: a call while one runs joins it, even within the minimum interval.
  const inFlight = new Map<string, Promise<DelegatedRefreshResult>>();

  function refresh(profileId: string = DELEGATED_PROFILE_ID): Promise<DelegatedRefreshResult> {
    const target = targetOf(profileId);
    if (!target) {
      return Promise.resolve({
        profileId,
        outcome: 'skipped',
        detail: `only ${DELEGATED_PROFILE_ID} (and its accounts' logins) can be refreshed by its CLI`,
        profile: null,
      });
    }
    const running = inFlight.get(profileId);
    if (running) return running;
    const last = lastAttempt.get(profileId);
    const now = clock();
    if (last !== undefined && now - last < minIntervalMs) {
      return Promise.resolve({
        profileId,
        outcome: 'skipped',
        detail: `last attempt ${formatDuration(now - last)} ago; next one possible in ${formatDuration(minIntervalMs - (now - last))}`,
        profile: current(profileId),
      });
    }
    const run = attempt(target).finally(() => inFlight.delete(profileId));
    inFlight.set(profileId, run);
    return run;
  }

  /** When a profile's automatic refresh is due (epoch ms), or null when there is nothing to refresh. */
  function dueOf(profileId: string): number | null {
    const profile = current(profileId);
    if (!profile || !profile.refreshable || !profile.expiresAt || profile.status === 'missing') return null;
    const due = Date.parse(profile.expiresAt) - options.config.current().reauth.refreshBeforeMs;
    const last = lastAttempt.get(profileId);
    return last === undefined ? due : Math.max(due, last + minIntervalMs);
  }

  /** The profile whose refresh is due first, and when. */
  function next(): { profileId: string; due: number } | null {
    let first: { profileId: string; due: number } | null = null;
    for (const { profileId } of targets()) {
      const due = dueOf(profileId);
      if (due !== null && (!first || due < first.due)) first = { profileId, due };
    }
    return first;
  }

  const schedule: RefreshSchedule<DelegatedRefreshResult | null> = createRefreshSchedule({
    auth: options.auth,
    clock,
    dueAt: () => next()?.due ?? null,
    run: () =>
      schedule.once(async () => {
        const first = next();
        return first ? refresh(first.profileId) : null;
      }),
  });

  return {
    refresh,
    handles: (profileId) => targetOf(profileId) !== undefined,
    detail: (profileId) => details.get(profileId) ?? null,
    start: () => schedule.start(),
    stop: () => schedule.stop(),
  };
}
