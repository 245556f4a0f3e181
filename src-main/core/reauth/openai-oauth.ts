// clawbar's own OAuth client for the OpenAI auth server (DESIGN.md §5): authorization code +
// PKCE (S256), token exchange and refresh at `{auth}/oauth/token`. The wire format is Codex's
// (docs/codex-cli.md#oauth-client): the exchange is form-encoded, the refresh is JSON.
import { createHash, randomBytes } from 'node:crypto';

import { z } from 'zod';

import { decodeJwtPayload, openaiClaims } from '../auth/jwt.js';
import { registerSecret } from '../log/logger.js';
import { plausibleEpochMs } from '../util/plausible-time.js';

import type { OwnOAuthTokens } from '../auth/own-store.js';

/** The public client id Codex registered (and clawbar reuses) with the OpenAI auth server. */
export const OPENAI_CLIENT_ID = 'app_EMoamEEZ73f0CkXaXp7hrann';
export const OPENAI_SCOPE = 'openid profile email offline_access';
/** The loopback ports the client is registered for: 1455, then 1457 when busy. */
export const CALLBACK_PORTS = [1455, 1457];
export const CALLBACK_PATH = '/auth/callback';

/**
 * The callback ports to try: 1455 then 1457, or `CLAWBAR_OAUTH_CALLBACK_PORTS` (comma-separated;
 * meant for tests — the auth server accepts only the registered ports). Throws on a bad value.
 */
export function callbackPorts(env: Record<string, string | undefined>): number[] {
  const raw = env.CLAWBAR_OAUTH_CALLBACK_PORTS;
  if (!raw) return CALLBACK_PORTS;
  const ports = raw.split(',').map((p) => Number(p.trim()));
  if (ports.some((p) => !Number.isInteger(p) || p < 0 || p > 65535)) {
    throw new Error(`CLAWBAR_OAUTH_CALLBACK_PORTS must be port numbers, got "${raw}"`);
  }
  return ports;
}

/** A PKCE pair and a state value for one login. */
export interface PkceSet {
  verifier: string;
  challenge: string;
  state: string;
}

/** A fresh PKCE verifier (43 chars of base64url), its S256 challenge, and a random state. */
export function createPkce(): PkceSet {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  return { verifier, challenge, state: randomBytes(32).toString('base64url') };
}

/** The redirect URI for a callback port. Codex 0.169 uses 127.0.0.1 (not `localhost`, which may resolve to ::1). */
export function redirectUri(port: number): string {
  return `http://127.0.0.1:${port}${CALLBACK_PATH}`;
}

/** The authorize URL the browser opens. */
export function authorizeUrl(authBaseUrl: string, pkce: PkceSet, redirect: string): string {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: OPENAI_CLIENT_ID,
    redirect_uri: redirect,
    scope: OPENAI_SCOPE,
    code_challenge: pkce.challenge,
    code_challenge_method: 'S256',
    state: pkce.state,
    id_token_add_organizations: 'true',
    codex_cli_simplified_flow: 'true',
  });
  return `${authBaseUrl}/oauth/authorize?${params.toString()}`;
}

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  id_token: z.string().optional(),
  expires_in: z.number().optional(),
});

/** The token endpoint refused or answered something unusable; the message is one line, no secrets. */
export class OAuthError extends Error {
  override name = 'OAuthError';
  constructor(
    message: string,
    /** The HTTP status, when the endpoint answered. */
    readonly status?: number,
    /** The OAuth `error` code (`invalid_grant`, `refresh_token_reused`, …). */
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * POSTs to the auth server, giving up after 30 s (or when `signal` aborts: "login cancelled"); the
 * answer's body parsed as JSON when it is JSON, else null, for the caller to judge with the status.
 */
export async function postAuthServer(
  url: string,
  body: string,
  contentType: string,
  fetchImpl: typeof fetch,
  signal?: AbortSignal,
): Promise<{ status: number; ok: boolean; json: unknown }> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'content-type': contentType, accept: 'application/json' },
      body,
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(30_000)]) : AbortSignal.timeout(30_000),
    });
  } catch (error) {
    if (signal?.aborted) throw new OAuthError('login cancelled');
    throw new OAuthError(`cannot reach ${new URL(url).host}: ${(error as Error).message}`);
  }
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // judged by the status
  }
  return { status: response.status, ok: response.ok, json };
}

async function postToken(
  authBaseUrl: string,
  body: string,
  contentType: string,
  fetchImpl: typeof fetch,
): Promise<z.infer<typeof tokenResponseSchema>> {
  const response = await postAuthServer(`${authBaseUrl}/oauth/token`, body, contentType, fetchImpl);
  const json = response.json;
  if (!response.ok) {
    // OAuth errors come as {error, error_description} or OpenAI's {error:{code,message}}.
    const raw = json as { error?: unknown; error_description?: unknown } | null;
    const nested =
      raw?.error && typeof raw.error === 'object' ? (raw.error as { code?: unknown; message?: unknown }) : null;
    const code =
      typeof raw?.error === 'string' ? raw.error : typeof nested?.code === 'string' ? nested.code : undefined;
    const description =
      typeof raw?.error_description === 'string'
        ? raw.error_description
        : typeof nested?.message === 'string'
          ? nested.message
          : undefined;
    const what = [code, description].filter(Boolean).join(': ');
    throw new OAuthError(
      `token endpoint answered ${response.status}${what ? ` (${what})` : ''}`,
      response.status,
      code,
    );
  }
  const parsed = tokenResponseSchema.safeParse(json);
  if (!parsed.success) throw new OAuthError('token endpoint answered without an access token');
  return parsed.data;
}

/** Turns a token response into what the own store keeps; `previousRefresh` when the server did not rotate it. */
function toTokens(
  response: z.infer<typeof tokenResponseSchema>,
  now: number,
  previousRefresh?: string,
): OwnOAuthTokens {
  const refreshToken = response.refresh_token ?? previousRefresh;
  if (!refreshToken)
    throw new OAuthError('token endpoint answered without a refresh token (is offline_access granted?)');
  registerSecret(response.access_token);
  registerSecret(refreshToken);
  registerSecret(response.id_token);
  const access = openaiClaims(decodeJwtPayload(response.access_token) ?? {});
  const id = response.id_token ? openaiClaims(decodeJwtPayload(response.id_token) ?? {}) : {};
  // The token's own exp, else expires_in, else an hour; an absurd value counts as absent (jwt.ts
  // already refuses an implausible exp), so the login is refreshed soon rather than never.
  const fromExpiresIn = response.expires_in === undefined ? null : plausibleEpochMs(now + response.expires_in * 1000);
  const expiresAt = access.expiresAt ?? fromExpiresIn ?? now + 3600_000;
  const tokens: OwnOAuthTokens = { accessToken: response.access_token, refreshToken, expiresAt };
  const email = id.email ?? access.email;
  const accountId = id.accountId ?? access.accountId;
  const plan = access.plan ?? id.plan;
  if (email) tokens.email = email;
  if (accountId) tokens.accountId = accountId;
  if (plan) tokens.plan = plan;
  return tokens;
}

/** Exchanges an authorization code for tokens. */
export async function exchangeCode(options: {
  authBaseUrl: string;
  code: string;
  verifier: string;
  redirectUri: string;
  now?: number;
  fetch?: typeof fetch;
}): Promise<OwnOAuthTokens> {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: options.code,
    redirect_uri: options.redirectUri,
    client_id: OPENAI_CLIENT_ID,
    code_verifier: options.verifier,
  }).toString();
  const response = await postToken(
    options.authBaseUrl,
    body,
    'application/x-www-form-urlencoded',
    options.fetch ?? fetch,
  );
  return toTokens(response, options.now ?? Date.now());
}

/** Refreshes clawbar's own tokens (never the Codex CLI's). */
export async function refreshTokens(options: {
  authBaseUrl: string;
  tokens: OwnOAuthTokens;
  now?: number;
  fetch?: typeof fetch;
}): Promise<OwnOAuthTokens> {
  const body = JSON.stringify({
    client_id: OPENAI_CLIENT_ID,
    grant_type: 'refresh_token',
    refresh_token: options.tokens.refreshToken,
    scope: 'openid profile email',
  });
  const response = await postToken(options.authBaseUrl, body, 'application/json', options.fetch ?? fetch);
  const next = toTokens(response, options.now ?? Date.now(), options.tokens.refreshToken);
  // Keep what the refreshed tokens do not repeat.
  if (!next.email && options.tokens.email) next.email = options.tokens.email;
  if (!next.accountId && options.tokens.accountId) next.accountId = options.tokens.accountId;
  if (!next.plan && options.tokens.plan) next.plan = options.tokens.plan;
  return next;
}
