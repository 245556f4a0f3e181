// clawbar's own OpenAI login finished on another device (a phone): the auth server's device flow,
// as Codex 0.169 runs it (docs/device-code-login.md). Ask for a user code, show the link and the
// code, poll until the user has signed in, then exchange the authorization code the poll answers
// (with the PKCE verifier it hands back) at `/oauth/token` and store the tokens like the browser login.
import { z } from 'zod';

import { createLogger, type Logger } from '../log/logger.js';

import { exchangeCode, OAuthError, OPENAI_CLIENT_ID, postAuthServer } from './openai-oauth.js';
import { DEVICE_CODE_LIFETIME_MS, type DeviceCodePrompt } from './types.js';

import type { OwnOAuthTokens, OwnStore } from '../auth/own-store.js';

export interface OwnDeviceLoginOptions {
  /** `resolveEndpoints().openaiAuthUrl` (`CLAWBAR_OPENAI_AUTH_URL`). */
  authBaseUrl: string;
  store: Pick<OwnStore, 'saveOAuth'>;
  /** Called once with the page and the code the user enters there. */
  onDeviceCode: (prompt: DeviceCodePrompt) => void;
  signal?: AbortSignal;
  clock?: () => number;
  logger?: Logger;
  fetch?: typeof fetch;
  /** Poll at least this often whatever the server asks (tests); default: the server's interval. */
  maxPollIntervalMs?: number;
}

// Codex's own parser (device_code_auth.rs) reads `interval` as a string of seconds and accepts
// `usercode` for `user_code`; so does this one.
const userCodeSchema = z.object({
  device_auth_id: z.string().min(1).max(4096),
  user_code: z.string().min(1).max(64).optional(),
  usercode: z.string().min(1).max(64).optional(),
  interval: z.union([z.string(), z.number()]).optional(),
});

const codeSchema = z.object({
  authorization_code: z.string().min(1),
  code_challenge: z.string().min(1),
  code_verifier: z.string().min(1),
});

/** Seconds between polls: the server's `interval` (a string in its answer), within 1…60, default 5. */
function pollIntervalMs(interval: string | number | undefined): number {
  const seconds = Number(typeof interval === 'string' ? interval.trim() : interval);
  return Number.isFinite(seconds) && seconds >= 1 ? Math.min(seconds, 60) * 1000 : 5000;
}

const postJson = (url: string, body: unknown, fetchImpl: typeof fetch, signal: AbortSignal | undefined) =>
  postAuthServer(url, JSON.stringify(body), 'application/json', fetchImpl, signal);

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new OAuthError('login cancelled'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new OAuthError('login cancelled'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Runs the device flow to its end. Resolves with the stored tokens; rejects with a one-line
 * OAuthError (device login not offered, the code expired unused, the server refused, cancelled).
 */
export async function runOwnDeviceLogin(options: OwnDeviceLoginOptions): Promise<OwnOAuthTokens> {
  const log = options.logger ?? createLogger('reauth');
  const fetchImpl = options.fetch ?? fetch;
  const clock = options.clock ?? Date.now;
  const base = options.authBaseUrl;
  const api = `${base}/api/accounts`;

  const start = await postJson(
    `${api}/deviceauth/usercode`,
    { client_id: OPENAI_CLIENT_ID },
    fetchImpl,
    options.signal,
  );
  if (start.status === 404) {
    throw new OAuthError('the auth server offers no device-code login — use the browser login', 404);
  }
  if (start.status < 200 || start.status >= 300) {
    throw new OAuthError(`device code request failed with status ${start.status}`, start.status);
  }
  const parsed = userCodeSchema.safeParse(start.json);
  const userCode = parsed.success ? (parsed.data.user_code ?? parsed.data.usercode) : undefined;
  if (!parsed.success || !userCode)
    throw new OAuthError('the auth server answered the device code request without a code');
  const { device_auth_id: deviceAuthId } = parsed.data;
  const interval = Math.min(pollIntervalMs(parsed.data.interval), options.maxPollIntervalMs ?? Infinity);
  const deadline = clock() + DEVICE_CODE_LIFETIME_MS;
  options.onDeviceCode({ url: `${base}/codex/device`, userCode, expiresInMs: DEVICE_CODE_LIFETIME_MS });

  // 403 / 404 mean "not yet" (Codex treats both so); anything else ends the login.
  let code: z.infer<typeof codeSchema> | null = null;
  while (code === null) {
    await sleep(interval, options.signal);
    const poll = await postJson(
      `${api}/deviceauth/token`,
      { device_auth_id: deviceAuthId, user_code: userCode },
      fetchImpl,
      options.signal,
    );
    if (poll.status >= 200 && poll.status < 300) {
      const answer = codeSchema.safeParse(poll.json);
      if (!answer.success) throw new OAuthError('the auth server answered the device login without a code');
      code = answer.data;
    } else if (poll.status === 403 || poll.status === 404) {
      if (clock() >= deadline) throw new OAuthError('the one-time code expired unused (15 minutes) — start again');
    } else {
      throw new OAuthError(`device login failed with status ${poll.status}`, poll.status);
    }
  }
  log.info('device login approved; exchanging the code');
  const tokens = await exchangeCode({
    authBaseUrl: base,
    code: code.authorization_code,
    verifier: code.code_verifier,
    redirectUri: `${base}/deviceauth/callback`,
    now: clock(),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  await options.store.saveOAuth(tokens);
  return tokens;
}
