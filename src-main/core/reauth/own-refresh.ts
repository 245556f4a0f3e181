// Refreshing clawbar's own OpenAI login (the own-login profile its provider declares) before it expires. Only this
// profile's tokens are ever refreshed by clawbar itself, and only under the lock in
// `$CLAWBAR_HOME/locks` that every clawbar process shares: whoever gets the lock second re-reads
// the store, finds the fresh token, and makes no call.
import { formatDuration } from '../../../src-shared/format.js';
import { type OwnOAuthTokens, type OwnStore } from '../auth/own-store.js';
import { classifyRefreshFailure, refreshFailureDetail } from '../auth/refresh-failure.js';
import { createLogger, type Logger } from '../log/logger.js';
import { ownLogin } from '../providers/registry.js';

import { withFileLock } from './file-lock.js';
import { OAuthError, refreshTokens } from './openai-oauth.js';
import { createRefreshSchedule } from './refresh-schedule.js';

import type { AuthEngine } from '../auth/types.js';

export interface OwnRefreshOptions {
  store: Pick<OwnStore, 'readOAuth' | 'saveOAuth'>;
  /** `resolveEndpoints().openaiAuthUrl`. */
  authBaseUrl: string;
  /** `paths.lockDir`. */
  lockDir: string;
  /** Refresh when less than this is left; default 2 h (`reauth.refreshBefore`). */
  refreshBeforeMs?: number;
  /**
   * Refresh even though it is not due — unless the stored access token is no longer this one
   * (another process already refreshed it). For a 401 on a token that looked valid.
   */
  rejectedAccessToken?: string;
  clock?: () => number;
  fetch?: typeof fetch;
}

export interface OwnRefreshResult {
  tokens: OwnOAuthTokens;
  /** True when this call made the token-endpoint request. */
  refreshed: boolean;
}

const { profileId: OWN_PROFILE_ID, command: LOGIN_COMMAND } = ownLogin();
/** Shared by every clawbar process (and every version: the name is the profile id's). */
const LOCK_NAME = `${OWN_PROFILE_ID.replace(/[^a-z0-9]+/gi, '-')}-refresh`;

/**
 * Refreshes the own login if due, under the shared lock. Rejects with a one-line OAuthError when
 * there is no own login or the auth server refuses (a revoked or reused refresh token means: log in again).
 */
export async function refreshOwnLogin(options: OwnRefreshOptions): Promise<OwnRefreshResult> {
  const clock = options.clock ?? Date.now;
  const refreshBeforeMs = options.refreshBeforeMs ?? 2 * 3600_000;
  return withFileLock(options.lockDir, LOCK_NAME, async () => {
    const tokens = await options.store.readOAuth(OWN_PROFILE_ID);
    if (!tokens) throw new OAuthError(`not logged in with clawbar — run \`${LOGIN_COMMAND}\``);
    const due =
      options.rejectedAccessToken !== undefined
        ? tokens.accessToken === options.rejectedAccessToken
        : tokens.expiresAt - clock() <= refreshBeforeMs;
    if (!due) return { tokens, refreshed: false };
    let next: OwnOAuthTokens;
    try {
      next = await refreshTokens({
        authBaseUrl: options.authBaseUrl,
        tokens,
        now: clock(),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
    } catch (error) {
      if (error instanceof OAuthError && (error.status === 400 || error.status === 401)) {
        throw new OAuthError(
          `clawbar's own login can no longer be refreshed (${error.message}) — run \`${LOGIN_COMMAND}\``,
          error.status,
          error.code,
        );
      }
      throw error;
    }
    await options.store.saveOAuth(next, OWN_PROFILE_ID);
    return { tokens: next, refreshed: true };
  });
}

export interface OwnRefresherOptions extends Omit<OwnRefreshOptions, 'rejectedAccessToken'> {
  auth: Pick<AuthEngine, 'reload' | 'profiles' | 'onChanged'> & Partial<Pick<AuthEngine, 'setNote'>>;
  logger?: Logger;
  /** After a failure, wait this long before trying again; default 15 min. */
  retryMs?: number;
}

export interface OwnRefresher {
  /** Refreshes now if due (or, with `rejectedAccessToken`, if still that token). */
  refresh(rejectedAccessToken?: string): Promise<OwnRefreshResult>;
  start(): void;
  stop(): Promise<void>;
}

/** Keeps the own login fresh while the gateway runs: refreshes once it is within `refreshBeforeMs` of expiry. */
export function createOwnRefresher(options: OwnRefresherOptions): OwnRefresher {
  const log = options.logger ?? createLogger('reauth');
  const clock = options.clock ?? Date.now;
  const refreshBeforeMs = options.refreshBeforeMs ?? 2 * 3600_000;
  const retryMs = options.retryMs ?? 15 * 60 * 1000;
  let failedAt: number | null = null;

  function refresh(rejectedAccessToken?: string): Promise<OwnRefreshResult> {
    return schedule.once(() =>
      refreshOwnLogin({ ...options, ...(rejectedAccessToken ? { rejectedAccessToken } : {}) })
        .then(async (result) => {
          failedAt = null;
          options.auth.setNote?.(OWN_PROFILE_ID, null);
          if (result.refreshed) {
            log.info(`refreshed clawbar's own login, expires in ${formatDuration(result.tokens.expiresAt - clock())}`);
            await options.auth.reload();
          }
          return result;
        })
        .catch((error: Error) => {
          failedAt = clock();
          // A dead refresh token names its code and the login that fixes it; anything else may pass.
          const dead = classifyRefreshFailure((error as OAuthError).code, error.message);
          options.auth.setNote?.(
            OWN_PROFILE_ID,
            dead ? refreshFailureDetail(dead, LOGIN_COMMAND) : `refresh failed: ${error.message}`,
            { refreshFailed: dead !== null },
          );
          log.warn(`refreshing clawbar's own login failed: ${error.message}`);
          throw error;
        }),
    );
  }

  /** When the refresh is due: `refreshBeforeMs` before expiry, and not sooner than `retryMs` after a failure. */
  function dueAt(): number | null {
    const profile = options.auth.profiles(clock()).find((p) => p.id === OWN_PROFILE_ID);
    if (!profile?.expiresAt || !profile.refreshable) return null;
    const due = Date.parse(profile.expiresAt) - refreshBeforeMs;
    return failedAt === null ? due : Math.max(due, failedAt + retryMs);
  }

  const schedule = createRefreshSchedule<OwnRefreshResult>({ auth: options.auth, clock, dueAt, run: () => refresh() });

  return {
    refresh,
    start: () => schedule.start(),
    stop: () => schedule.stop(),
  };
}
