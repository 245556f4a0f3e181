import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { bundleScript } from '../../../test/fixtures/bundle-script.js';
import { freePort } from '../../../test/fixtures/free-port.js';
import {
  startFakeOAuthServer,
  type FakeOAuthServer,
  type FakeOAuthServerOptions,
} from '../../../test/fixtures/oauth-server.js';
import { captureLogs } from '../../../test/fixtures/reauth-helpers.js';
import { createOwnStore, type OwnStore } from '../auth/own-store.js';
import { createFileSecretStore } from '../secrets/secret-store.js';

import { withFileLock } from './file-lock.js';
import { OAuthError } from './openai-oauth.js';
import { runOwnLogin } from './own-login.js';
import { createOwnRefresher, refreshOwnLogin } from './own-refresh.js';

import type { AddressInfo } from 'node:net';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  home: string;
  store: OwnStore;
  server: FakeOAuthServer;
}

async function setup(options: FakeOAuthServerOptions = {}): Promise<Setup> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'clawbar-own-'));
  const server = await startFakeOAuthServer(options);
  const store = createOwnStore({
    file: path.join(home, 'auth-profiles.json'),
    secrets: createFileSecretStore(path.join(home, 'secrets.json')),
  });
  const logs = captureLogs();
  cleanups.push(() => rmSync(home, { recursive: true, force: true }), server.close, logs.restore);
  return { home, store, server };
}

/** Plays the browser: opens the authorize URL, follows the redirect to the callback, returns the callback page. */
async function browse(authorize: string): Promise<{ status: number; body: string }> {
  const consent = await fetch(authorize, { redirect: 'manual' });
  const location = consent.headers.get('location');
  if (!location) throw new Error(`authorize answered ${consent.status}`);
  const callback = await fetch(location);
  return { status: callback.status, body: await callback.text() };
}

async function login(s: Setup, extra: Partial<Parameters<typeof runOwnLogin>[0]> = {}) {
  const ports = extra.ports ?? [await freePort()];
  let url = '';
  const pages: { status: number; body: string }[] = [];
  const result = runOwnLogin({
    authBaseUrl: s.server.url,
    store: s.store,
    ports,
    openUrl: async (u) => {
      url = u;
      pages.push(await browse(u));
    },
    ...extra,
  });
  return { result, pages, url: () => url };
}

describe('own OAuth login (PKCE, loopback callback)', () => {
  it('signs in: checks state, exchanges the code with its verifier, stores the tokens', async () => {
    const s = await setup();
    const run = await login(s);
    const tokens = await run.result;
    expect(tokens).toMatchObject({ email: 'own@example.com', accountId: 'acct-own-1', plan: 'plus' });
    expect(run.pages).toEqual([{ status: 200, body: expect.stringContaining('Signed in to clawbar') }]);

    const authorize = new URL(run.url());
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${s.server.url}/oauth/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: 'app_EMoamEEZ73f0CkXaXp7hrann',
      scope: 'openid profile email offline_access',
      code_challenge_method: 'S256',
      redirect_uri: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/auth\/callback$/),
    });
    expect(authorize.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    // The exchange carried the PKCE verifier (the server checked it against the challenge).
    expect(s.server.tokenRequests).toEqual([
      expect.objectContaining({
        grant_type: 'authorization_code',
        code_verifier: expect.stringMatching(/^[\w-]{43}$/),
      }),
    ]);

    const stored = await s.store.readOAuth();
    expect(stored).toEqual(tokens);
    expect(stored!.refreshToken).toBe(s.server.currentRefreshToken());
    // Metadata file holds no secret.
    const meta = JSON.stringify(await s.store.read());
    expect(meta).not.toContain(tokens.accessToken);
    expect(meta).not.toContain(tokens.refreshToken);
  });

  it('refuses a callback with the wrong state and keeps waiting for the right one', async () => {
    const s = await setup({ consent: 'wrong-state' });
    const run = await login(s);
    await expect.poll(() => run.pages.length).toBe(1);
    expect(run.pages[0]!.status).toBe(400);
    expect(run.pages[0]!.body).toContain('does not belong to the running clawbar login');
    expect(s.server.tokenRequests).toHaveLength(0);
    // The user retries in the same tab: the real answer still completes the login.
    s.server.setOptions({ consent: 'approve' });
    expect((await browse(run.url())).status).toBe(200);
    await expect(run.result).resolves.toMatchObject({ email: 'own@example.com' });
  });

  it('fails with a clear line when consent is denied, storing nothing', async () => {
    const s = await setup({ consent: 'deny' });
    const run = await login(s);
    await expect(run.result).rejects.toThrow('the login was denied in the browser (access_denied)');
    expect(s.server.tokenRequests).toHaveLength(0);
    expect(await s.store.readOAuth()).toBeNull();
  });

  it('fails with the token endpoint’s answer when the exchange gets a 400', async () => {
    const s = await setup({ exchangeFails: true });
    const run = await login(s);
    await expect(run.result).rejects.toThrow('token endpoint answered 400 (invalid_grant: Invalid authorization code)');
    expect(run.pages[0]).toMatchObject({ status: 500 });
    expect(await s.store.readOAuth()).toBeNull();
  });

  it('falls back to the second port when the first is busy, and says so when both are', async () => {
    const s = await setup();
    const busy = http.createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => busy.close(() => resolve())));
    const busyPort = (busy.address() as AddressInfo).port;
    const second = await freePort();
    const run = await login(s, { ports: [busyPort, second] });
    await run.result;
    expect(new URL(run.url()).searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${second}/auth/callback`);

    await expect(runOwnLogin({ authBaseUrl: s.server.url, store: s.store, ports: [busyPort] })).rejects.toThrow(
      `ports ${busyPort} on 127.0.0.1 are busy`,
    );
  });

  it('gives up when the browser never answers', async () => {
    const s = await setup();
    const port = await freePort();
    await expect(
      runOwnLogin({ authBaseUrl: s.server.url, store: s.store, ports: [port], timeoutMs: 300 }),
    ).rejects.toThrow(/^no answer from the browser within 1 min/);
    // The callback port is free again.
    const again = http.createServer();
    await new Promise<void>((resolve) => again.listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => again.close(resolve));
  });
});

describe('own login refresh', () => {
  async function seeded(expiresInMs: number, options: FakeOAuthServerOptions = {}) {
    const s = await setup(options);
    const t = s.server.issue();
    await s.store.saveOAuth({
      accessToken: t.access_token,
      refreshToken: t.refresh_token,
      expiresAt: Date.now() + expiresInMs,
      email: 'own@example.com',
    });
    return { ...s, issued: t };
  }

  it('refreshes when due, rotating the stored refresh token', async () => {
    const s = await seeded(3600_000);
    const result = await refreshOwnLogin({
      store: s.store,
      authBaseUrl: s.server.url,
      lockDir: path.join(s.home, 'locks'),
    });
    expect(result.refreshed).toBe(true);
    expect(s.server.tokenRequests).toEqual([
      {
        client_id: 'app_EMoamEEZ73f0CkXaXp7hrann',
        grant_type: 'refresh_token',
        refresh_token: s.issued.refresh_token,
        scope: 'openid profile email',
      },
    ]);
    const stored = await s.store.readOAuth();
    expect(stored!.refreshToken).toBe(s.server.currentRefreshToken());
    expect(stored!.email).toBe('own@example.com');
    expect(stored!.expiresAt).toBeGreaterThan(Date.now() + 9 * 24 * 3600_000);
    expect(readdirSync(path.join(s.home, 'locks'))).toEqual([]);
  });

  it('stores a plausible expiry when the server answers an absurd exp and expires_in', async () => {
    const s = await seeded(3600_000, { accessTtlMs: 1e20, refreshExpiresInS: 1e20 });
    const before = Date.now();
    const result = await refreshOwnLogin({
      store: s.store,
      authBaseUrl: s.server.url,
      lockDir: path.join(s.home, 'locks'),
    });
    expect(result.refreshed).toBe(true);
    // Taken as the one hour a token without a usable lifetime gets, so it is refreshed again soon.
    const stored = await s.store.readOAuth();
    expect(stored!.expiresAt).toBeGreaterThanOrEqual(before + 3600_000);
    expect(stored!.expiresAt).toBeLessThanOrEqual(Date.now() + 3600_000);
  });

  it('does nothing while the token has more than refreshBefore left, unless that exact token was rejected', async () => {
    const s = await seeded(5 * 3600_000);
    const lockDir = path.join(s.home, 'locks');
    expect((await refreshOwnLogin({ store: s.store, authBaseUrl: s.server.url, lockDir })).refreshed).toBe(false);
    expect(s.server.refreshCalls()).toBe(0);
    const r = await refreshOwnLogin({
      store: s.store,
      authBaseUrl: s.server.url,
      lockDir,
      rejectedAccessToken: s.issued.access_token,
    });
    expect(r.refreshed).toBe(true);
    // A second caller holding the same stale token finds it already replaced.
    const again = await refreshOwnLogin({
      store: s.store,
      authBaseUrl: s.server.url,
      lockDir,
      rejectedAccessToken: s.issued.access_token,
    });
    expect(again.refreshed).toBe(false);
    expect(s.server.refreshCalls()).toBe(1);
  });

  it('says to log in again when the refresh token was already used', async () => {
    const s = await seeded(60_000);
    s.server.issue(); // rotates server-side: the stored token is now a used one
    const error = await refreshOwnLogin({
      store: s.store,
      authBaseUrl: s.server.url,
      lockDir: path.join(s.home, 'locks'),
    }).catch((e: OAuthError) => e);
    expect(error).toBeInstanceOf(OAuthError);
    expect((error as OAuthError).message).toBe(
      "clawbar's own login can no longer be refreshed (token endpoint answered 401 (refresh_token_reused: Your refresh token has already been used to generate a new access token. Please try signing in again.)) — run `clawbar auth login openai-codex`",
    );
  });

  for (const code of ['refresh_token_expired', 'refresh_token_invalidated'] as const) {
    it(`the refresher turns ${code} into a dead refresh token on the profile, with its fix`, async () => {
      const s = await seeded(60_000);
      s.server.setOptions({ refreshError: code });
      const notes: [string, string | null, boolean][] = [];
      const refresher = createOwnRefresher({
        store: s.store,
        authBaseUrl: s.server.url,
        lockDir: path.join(s.home, 'locks'),
        auth: {
          reload: async () => [],
          profiles: () => [],
          onChanged: () => () => {},
          setNote: (id, note, flags) => void notes.push([id, note, flags?.refreshFailed === true]),
        },
      });
      await expect(refresher.refresh()).rejects.toThrow(code);
      expect(notes).toEqual([
        ['openai-codex:default', `refresh failed: ${code} — log in again (run: clawbar auth login openai-codex)`, true],
      ]);
      await refresher.stop();
    });
  }

  it('two processes refreshing at once make one token-endpoint call', async () => {
    const s = await seeded(60_000, { refreshDelayMs: 400 });
    const script = await bundleScript({
      code: `
        import { createOwnStore } from '../auth/own-store.js';
        import { createFileSecretStore } from '../secrets/secret-store.js';
        import { createOwnRefresher, refreshOwnLogin } from './own-refresh.js';
        const [home, authUrl] = process.argv.slice(2);
        const store = createOwnStore({ file: home + '/auth-profiles.json', secrets: createFileSecretStore(home + '/secrets.json') });
        const r = await refreshOwnLogin({ store, authBaseUrl: authUrl, lockDir: home + '/locks' });
        process.stdout.write(JSON.stringify({ refreshed: r.refreshed, access: r.tokens.accessToken }));
      `,
      resolveDir: path.resolve('src-main/core/reauth'),
    });
    cleanups.push(() => rmSync(path.dirname(script), { recursive: true, force: true }));
    const runOne = async () => {
      const child = spawn(process.execPath, [script, s.home, s.server.url], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const [code] = await once(child, 'exit');
      expect(err).toBe('');
      expect(code).toBe(0);
      return JSON.parse(out) as { refreshed: boolean; access: string };
    };
    const results = await Promise.all([runOne(), runOne()]);
    expect(s.server.refreshCalls()).toBe(1);
    expect(results.map((r) => r.refreshed).sort()).toEqual([false, true]);
    expect(results[0]!.access).toBe(results[1]!.access);
    expect((await s.store.readOAuth())!.refreshToken).toBe(s.server.currentRefreshToken());
  });

  it('takes over a lock left behind by a dead process', async () => {
    const s = await seeded(60_000);
    const lockDir = path.join(s.home, 'locks');
    // A holder that died without cleaning up: its pid no longer exists.
    const dead = spawn(process.execPath, ['-e', '0']);
    await once(dead, 'exit');
    mkdirSync(lockDir, { recursive: true });
    writeFileSync(path.join(lockDir, 'openai-codex-default-refresh.lock'), `${dead.pid}\n`);
    expect((await refreshOwnLogin({ store: s.store, authBaseUrl: s.server.url, lockDir })).refreshed).toBe(true);
  });

  it('serialises holders within one process too', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'clawbar-lock-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const order: string[] = [];
    const hold = (name: string) =>
      withFileLock(dir, 'x', async () => {
        order.push(`${name}+`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        order.push(`${name}-`);
      });
    await Promise.all([hold('a'), hold('b')]);
    expect([order.join(' ')]).toContainEqual(expect.stringMatching(/^(a\+ a- b\+ b-|b\+ b- a\+ a-)$/));
  });
});
