// The re-login capability's public face (DESIGN.md §5). The gateway (`auth.login.start`,
// `auth.login.cancel`, `auth.refresh {delegate:true}`), the Electron shell and `clawbar relogin`
// code against these types; login-runner.ts and delegated-refresh.ts implement them.
import type { EventPayloads, LoginMethod, LoginView, ProfileView } from '../../../src-shared/protocol/index.js';
import type { AuthEngine } from '../auth/types.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import type { LoginCli } from '../providers/types.js';

export type { LoginCli, LoginMethod, LoginView };

/**
 * How long a device code can be entered: Codex 0.169 says "expires in 15 minutes" and polls for 15
 * minutes (docs/device-code-login.md); clawbar's own device flow keeps to the same.
 */
export const DEVICE_CODE_LIFETIME_MS = 15 * 60_000;

/** What a device login shows the user: where to go and the code to enter there. */
export interface DeviceCodePrompt {
  url: string;
  userCode: string;
  /** How long the code lasts, when known (else {@link DEVICE_CODE_LIFETIME_MS}). */
  expiresInMs: number | null;
}

/** One `login.progress` event. */
export type LoginProgress = EventPayloads['login.progress'];

/** Opens a URL in the user's browser. Node: `createUrlOpener()` from browser/open-url.ts; Electron: `safeOpenExternal`. */
export type OpenUrl = (url: string) => void | Promise<void>;

/** A login that cannot start (unknown profile, nothing to run); `message` is one line for the user. */
export class LoginError extends Error {
  override name = 'LoginError';
}

/** How a finished login ended, with the profile as re-read afterwards (its new expiry on success). */
export interface LoginOutcome {
  view: LoginView;
  /** The profile after `auth.reload()`, when the login succeeded and the engine knows it. */
  profile: ProfileView | null;
}

export interface LoginRunner {
  /**
   * Starts the login its provider declares for `profileId` (the Codex CLI's profiles → `codex
   * login`), or joins the one already running for that CLI with the same method (same `loginId`);
   * a start with the other method replaces it. `device`: a link and a one-time code to finish on
   * another device (`codex login --device-auth`). Returns at once; progress arrives through
   * `onProgress`. Throws LoginError for a profile no login (of that method) can fix.
   */
  start(profileId: string, method?: LoginMethod): LoginView;
  /** Cancels a running login (kills its whole process group). False when it is unknown or already over. */
  cancel(loginId: string): boolean;
  /** Resolves when the login ends (succeeded, failed or cancelled). Rejects for an unknown id. */
  wait(loginId: string): Promise<LoginOutcome>;
  /** Running logins and the recently finished ones (for the snapshot), newest last. */
  logins(): LoginView[];
  /** Every `login.progress` event; returns the unsubscribe function. */
  onProgress(listener: (progress: LoginProgress) => void): () => void;
  /** Kills every running child (gateway quit); resolves when they are gone. */
  dispose(): Promise<void>;
}

export interface LoginRunnerOptions {
  /** `reauth.<cli>`: command, args, timeoutMs — read when a login starts, so a change applies to the next one. */
  config: { current(): Pick<Config, 'reauth' | 'accounts'> };
  /** Re-read after a successful login. */
  auth: Pick<AuthEngine, 'reload'>;
  /** Opens the authorize URL, once per login. */
  openUrl: OpenUrl;
  logger?: Logger;
  /** Epoch ms; default `Date.now`. */
  clock?: () => number;
  /** The child's environment; default `process.env` (CODEX_HOME, CLAUDE_CONFIG_DIR pass through). */
  env?: Record<string, string | undefined>;
  /** After SIGTERM to the group, how long before SIGKILL; default 2 s. */
  killGraceMs?: number;
  /**
   * The CLI's stdin: `ignore` (default; the gateway has no one to type) or `inherit`, so a user
   * in a terminal can answer the CLI (Claude's "paste the code" fallback).
   */
  stdin?: 'ignore' | 'inherit';
  /**
   * clawbar's own OAuth login (`runOwnLogin` bound to its store and endpoints). When given,
   * starting the profile of the own login runs it like a CLI login: same progress, join, cancel, timeout.
   */
  ownLogin?: (hooks: {
    method: LoginMethod;
    onUrl(url: string): void;
    onDeviceCode(prompt: DeviceCodePrompt): void;
    signal: AbortSignal;
  }) => Promise<unknown>;
  /** Decides who opens the Codex login page (see login-runner.ts); default `process.platform`. */
  platform?: NodeJS.Platform;
  /** How many finished logins `logins()` keeps; default 5. */
  keepFinished?: number;
}

/** The result of one delegated refresh attempt (`codex app-server` → `account/read {refreshToken:true}`). */
export interface DelegatedRefreshResult {
  profileId: string;
  /** `refreshed`: Codex rewrote auth.json; `skipped`: too soon after the last attempt, or nothing to do; `failed`: see detail. */
  outcome: 'refreshed' | 'skipped' | 'failed';
  /** One line for the user (the profile's detail when failed). */
  detail: string | null;
  /** The profile after the reload. */
  profile: ProfileView | null;
}
