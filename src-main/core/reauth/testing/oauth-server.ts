// A loopback stand-in for the OpenAI auth server (auth.openai.com), speaking its wire format:
// `/oauth/authorize` (consent answered at once by redirecting to the callback),
// `/oauth/token` (form-encoded code exchange with PKCE check; JSON refresh with single-use,
// rotating refresh tokens — a reused one gets 401 `refresh_token_reused`, as the real one does),
// and the device flow (`/api/accounts/deviceauth/usercode`, `/api/accounts/deviceauth/token`:
// 403 while the user has not signed in, then the authorization code and its PKCE pair), as
// docs/device-code-login.md describes it.
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

import { makeJwt } from '../../../../test/fixtures/jwt.js';

import type { AddressInfo } from 'node:net';

export interface FakeOAuthServerOptions {
  /** What the consent screen does: approve, deny (`error=access_denied`), or redirect with a wrong `state`. */
  consent?: 'approve' | 'deny' | 'wrong-state';
  /** Answer the code exchange with 400 `invalid_grant`. */
  exchangeFails?: boolean;
  /** Answer every refresh with 401 and this error code (what the real server says for a dead refresh token). */
  refreshError?: 'refresh_token_reused' | 'refresh_token_expired' | 'refresh_token_invalidated';
  /** `disabled`: the device endpoints answer 404 (a server without device login). */
  deviceAuth?: 'enabled' | 'disabled';
  /** Approve a device code by itself after this many polls (default: only through `approveDevice`). */
  approveDeviceAfterPolls?: number;
  /** Delay (ms) before answering a refresh, to widen races. */
  refreshDelayMs?: number;
  /** Lifetime of issued access tokens; default 10 days. */
  accessTtlMs?: number;
  /** `expires_in` of refresh answers (seconds); absent by default, as the real server's refresh answer. */
  refreshExpiresInS?: number;
}

export interface FakeOAuthServer {
  url: string;
  /** Every token-endpoint request, parsed (form or JSON). */
  tokenRequests: Record<string, string>[];
  refreshCalls(): number;
  /** The refresh token the server currently accepts. */
  currentRefreshToken(): string | null;
  /** Device codes handed out, oldest first, with how often each was polled. */
  deviceCodes(): { userCode: string; polls: number; approved: boolean }[];
  /** The user signs in on the device page and enters `userCode`; the next poll gets the code. */
  approveDevice(userCode: string): void;
  /** Issues tokens directly (as if a login had happened) and returns them. */
  issue(): { access_token: string; refresh_token: string; id_token: string; expiresAt: number };
  setOptions(next: FakeOAuthServerOptions): void;
  close(): Promise<void>;
}

/** Starts the fake auth server on 127.0.0.1 with a random port. */
export async function startFakeOAuthServer(
  initial: FakeOAuthServerOptions = {},
  /** Serve HTTPS with this key and certificate (test-ca.ts), as the real server: the real Codex CLI then trusts it through SSL_CERT_FILE. */
  tls?: { key: string; cert: string },
): Promise<FakeOAuthServer> {
  let options = initial;
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const tokenRequests: Record<string, string>[] = [];
  let live: string | null = null;
  const used = new Set<string>();
  let refreshes = 0;
  const devices = new Map<string, { userCode: string; polls: number; approved: boolean; redeemed?: boolean }>();

  const issue = () => {
    const expiresAt = Date.now() + (options.accessTtlMs ?? 10 * 24 * 3600_000);
    const claims = {
      exp: Math.floor(expiresAt / 1000),
      'https://api.openai.com/auth': { chatgpt_account_id: 'acct-own-1', chatgpt_plan_type: 'plus' },
    };
    const refresh_token = `rt_${randomBytes(18).toString('base64url')}`;
    if (live) used.add(live);
    live = refresh_token;
    return {
      access_token: makeJwt(claims),
      refresh_token,
      id_token: makeJwt({ ...claims, email: 'own@example.com' }),
      expiresAt: Math.floor(expiresAt / 1000) * 1000,
    };
  };

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const readBody = (req: http.IncomingMessage): Promise<Record<string, string>> =>
    new Promise((resolve) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        try {
          resolve(JSON.parse(body) as Record<string, string>);
        } catch {
          resolve({});
        }
      });
    });

  /** The device flow: a code per request, polled until approved, then an authorization code + PKCE pair. */
  const device = async (req: http.IncomingMessage, res: http.ServerResponse, step: 'usercode' | 'token') => {
    const body = await readBody(req);
    if (options.deviceAuth === 'disabled') {
      json(res, 404, { error: 'not_found' });
      return;
    }
    if (step === 'usercode') {
      if (body.client_id !== 'app_EMoamEEZ73f0CkXaXp7hrann') {
        json(res, 400, { error: 'invalid_client' });
        return;
      }
      const id = `deviceauth_${randomBytes(12).toString('hex')}`;
      const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
      const pick = (n: number) => Array.from(randomBytes(n), (b) => alphabet[b % alphabet.length]).join('');
      const userCode = `${pick(4)}-${pick(5)}`;
      devices.set(id, { userCode, polls: 0, approved: false });
      // `interval` is a string of seconds, as Codex's parser expects.
      json(res, 200, { device_auth_id: id, user_code: userCode, interval: '1' });
      return;
    }
    const entry = devices.get(body.device_auth_id ?? '');
    if (!entry || entry.userCode !== body.user_code || entry.redeemed) {
      json(res, 400, { error: { code: 'invalid_request', message: 'Unknown device authorization' } });
      return;
    }
    entry.polls++;
    if (options.approveDeviceAfterPolls !== undefined && entry.polls >= options.approveDeviceAfterPolls) {
      entry.approved = true;
    }
    if (!entry.approved) {
      json(res, 403, { error: { code: 'deviceauth_authorization_pending', message: 'Authorization is pending' } });
      return;
    }
    entry.redeemed = true;
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const code = `code_${randomBytes(12).toString('hex')}`;
    codes.set(code, { challenge, redirectUri: `${publicUrl}/deviceauth/callback` });
    json(res, 200, { authorization_code: code, code_challenge: challenge, code_verifier: verifier });
  };

  let publicUrl = '';
  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method === 'POST' && url.pathname === '/api/accounts/deviceauth/usercode') {
      void device(req, res, 'usercode');
      return;
    }
    if (req.method === 'POST' && url.pathname === '/api/accounts/deviceauth/token') {
      void device(req, res, 'token');
      return;
    }
    if (req.method === 'GET' && url.pathname === '/oauth/authorize') {
      const q = url.searchParams;
      if (q.get('client_id') !== 'app_EMoamEEZ73f0CkXaXp7hrann' || q.get('code_challenge_method') !== 'S256') {
        json(res, 400, { error: 'invalid_request' });
        return;
      }
      const redirect = new URL(q.get('redirect_uri')!);
      const state = q.get('state')!;
      const consent = options.consent ?? 'approve';
      if (consent === 'deny') {
        redirect.searchParams.set('error', 'access_denied');
        redirect.searchParams.set('error_description', 'The user denied the request');
        redirect.searchParams.set('state', state);
      } else {
        const code = `code_${randomBytes(12).toString('hex')}`;
        codes.set(code, { challenge: q.get('code_challenge')!, redirectUri: q.get('redirect_uri')! });
        redirect.searchParams.set('code', code);
        redirect.searchParams.set('state', consent === 'wrong-state' ? `${state}x` : state);
      }
      res.writeHead(302, { location: redirect.toString() });
      res.end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/oauth/token') {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const form = (req.headers['content-type'] ?? '').includes('application/json')
          ? (JSON.parse(body) as Record<string, string>)
          : Object.fromEntries(new URLSearchParams(body));
        tokenRequests.push(form);
        if (form.client_id !== 'app_EMoamEEZ73f0CkXaXp7hrann') {
          json(res, 400, { error: 'invalid_client' });
          return;
        }
        if (form.grant_type === 'authorization_code') {
          const entry = codes.get(form.code ?? '');
          codes.delete(form.code ?? '');
          const challenge = createHash('sha256')
            .update(form.code_verifier ?? '')
            .digest('base64url');
          if (
            options.exchangeFails ||
            !entry ||
            entry.challenge !== challenge ||
            entry.redirectUri !== form.redirect_uri
          ) {
            json(res, 400, { error: 'invalid_grant', error_description: 'Invalid authorization code' });
            return;
          }
          const t = issue();
          json(res, 200, {
            id_token: t.id_token,
            access_token: t.access_token,
            refresh_token: t.refresh_token,
            expires_in: 864000,
          });
          return;
        }
        if (form.grant_type === 'refresh_token') {
          refreshes++;
          setTimeout(() => {
            if (options.refreshError) {
              json(res, 401, {
                error: {
                  message: `refresh failed (${options.refreshError})`,
                  type: 'invalid_request_error',
                  code: options.refreshError,
                },
              });
              return;
            }
            if (form.refresh_token && used.has(form.refresh_token)) {
              json(res, 401, {
                error: {
                  message:
                    'Your refresh token has already been used to generate a new access token. Please try signing in again.',
                  type: 'invalid_request_error',
                  code: 'refresh_token_reused',
                },
              });
              return;
            }
            if (form.refresh_token !== live) {
              json(res, 400, { error: 'invalid_grant', error_description: 'Unknown refresh token' });
              return;
            }
            const t = issue();
            json(res, 200, {
              id_token: t.id_token,
              access_token: t.access_token,
              refresh_token: t.refresh_token,
              ...(options.refreshExpiresInS !== undefined ? { expires_in: options.refreshExpiresInS } : {}),
            });
          }, options.refreshDelayMs ?? 0);
          return;
        }
        json(res, 400, { error: 'unsupported_grant_type' });
      });
      return;
    }
    json(res, 404, { error: 'not_found' });
  };
  const server = tls ? https.createServer(tls, handle) : http.createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  publicUrl = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  return {
    url: publicUrl,
    deviceCodes: () => [...devices.values()].map(({ userCode, polls, approved }) => ({ userCode, polls, approved })),
    approveDevice(userCode) {
      for (const entry of devices.values()) if (entry.userCode === userCode) entry.approved = true;
    },
    tokenRequests,
    refreshCalls: () => refreshes,
    currentRefreshToken: () => live,
    issue,
    setOptions: (next) => (options = next),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
