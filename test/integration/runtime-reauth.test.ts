// Re-login and refresh through the real gateway runtime: real auth engine, real sockets, fake
// codex executables, a loopback OAuth server for clawbar's own login.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { startRuntime, type Runtime } from '../../src-main/core/runtime/start.js';
import { writeFakeCli, type FakeCli, type FakeCliOptions } from '../fixtures/fake-cli.js';
import { freePort } from '../fixtures/free-port.js';
import { codexChatgptAuthJson } from '../fixtures/jwt.js';
import { startFakeOAuthServer, type FakeOAuthServer } from '../fixtures/oauth-server.js';
import { openAuthedClient, type RawClient, type ServerFrameJson } from '../fixtures/raw-client.js';
import { groupGone, waitFor } from '../fixtures/reauth-helpers.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';

import type { LoginView, ProfileView } from '../../src-shared/protocol/index.js';

const HOUR = 3600_000;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Setup {
  home: TempHome;
  fake: FakeCli;
  runtime: Runtime;
  client: RawClient;
  opened: string[];
  authFile: string;
}

async function setup(
  fakeOptions: FakeCliOptions,
  expiresIn: number,
  extraEnv: Record<string, string> = {},
): Promise<Setup> {
  const home = makeTempHome('clawbar-reauth-gw-');
  const fake = writeFakeCli(fakeOptions);
  cleanups.push(home.cleanup, fake.cleanup);
  mkdirSync(home.codexHome, { recursive: true });
  mkdirSync(home.clawbarHome, { recursive: true });
  writeFileSync(path.join(home.clawbarHome, 'config.json'), JSON.stringify({ secrets: { backend: 'file' } }));
  const authFile = path.join(home.codexHome, 'auth.json');
  writeFileSync(authFile, codexChatgptAuthJson({ expiresAt: Date.now() + expiresIn }));
  const opened: string[] = [];
  const runtime = await startRuntime({
    env: { ...home.env, CLAWBAR_CODEX_BIN: fake.codex, CLAWBAR_CLAUDE_BIN: fake.claude, ...extraEnv },
    port: 0,
    dashboardDir: null,
    openUrl: (url) => void opened.push(url),
  });
  cleanups.push(() => runtime.close());
  const { client } = await openAuthedClient(runtime.gateway.wsUrl, runtime.token);
  cleanups.push(() => client.close());
  return { home, fake, runtime, client, opened, authFile };
}

const progress = (frames: ServerFrameJson[], loginId: string) =>
  frames.filter((f) => f.event === 'login.progress' && (f.payload as { loginId: string }).loginId === loginId);

describe('reauth in the gateway', () => {
  it('auth.login.start runs codex login: login.progress events, the URL opened once, the new expiry in auth.changed', async () => {
    const expiresAt = Date.now() + 240 * HOUR;
    // Far from expiry, so the automatic delegated refresh stays out of the way.
    const s = await setup({ login: { outcome: 'success', expiresAt, delayMs: 200 } }, 100 * HOUR);
    const started = await s.client.request('auth.login.start', { profileId: 'openai-codex:codex-cli' });
    expect(started.ok).toBe(true);
    const { loginId } = started.payload as { loginId: string };
    // A second click joins.
    const again = await s.client.request('auth.login.start', { profileId: 'openai-codex:codex-cli' });
    expect((again.payload as { loginId: string }).loginId).toBe(loginId);

    await s.client.waitFor(
      (f) => f.event === 'login.progress' && (f.payload as { loginId: string; state: string }).state === 'succeeded',
    );
    const states = progress(s.client.frames, loginId).map((f) => (f.payload as { state: string }).state);
    expect([...new Set(states)]).toEqual(['starting', 'waiting', 'succeeded']);
    expect(s.opened).toHaveLength(1);
    const changed = await s.client.waitFor(
      (f) =>
        f.event === 'auth.changed' &&
        (f.payload as { profiles: ProfileView[] }).profiles.some(
          (p) => p.id === 'openai-codex:codex-cli' && p.status === 'ok',
        ),
    );
    const codex = (changed.payload as { profiles: ProfileView[] }).profiles.find(
      (p) => p.id === 'openai-codex:codex-cli',
    )!;
    expect(Date.parse(codex.expiresAt!)).toBe(Math.floor(expiresAt / 1000) * 1000);
    const status = await s.client.request('status');
    expect((status.payload as { logins: LoginView[] }).logins).toEqual([
      expect.objectContaining({ loginId, state: 'succeeded' }),
    ]);
    // No token of the new auth.json crossed the socket.
    const tokens = JSON.parse(readFileSync(s.authFile, 'utf8')).tokens;
    for (const secret of [tokens.access_token, tokens.refresh_token, tokens.id_token]) {
      expect(s.client.texts.join('\n')).not.toContain(secret);
    }
  });

  it('auth.login.cancel kills the login; closing the gateway kills a running one', async () => {
    const s = await setup({ login: { outcome: 'hang', grandchild: true } }, 100 * HOUR);
    const a = (await s.client.request('auth.login.start', { profileId: 'openai-codex:codex-cli' })).payload as {
      loginId: string;
    };
    expect(await waitFor(() => s.fake.grandchildPid() !== null)).toBe(true);
    const cancelled = await s.client.request('auth.login.cancel', { loginId: a.loginId });
    expect(cancelled.payload).toEqual({ cancelled: true });
    await s.client.waitFor(
      (f) => f.event === 'login.progress' && (f.payload as { state: string }).state === 'cancelled',
    );
    expect(groupGone(s.fake.calls()[0]!.pid)).toBe(true);

    await s.client.request('auth.login.start', { profileId: 'anthropic:claude-cli' });
    const firstGrandchild = s.fake.grandchildPid();
    expect(await waitFor(() => s.fake.calls().length === 2 && s.fake.grandchildPid() !== firstGrandchild)).toBe(true);
    await s.runtime.close();
    expect(groupGone(s.fake.calls()[1]!.pid)).toBe(true);
  });

  it('answers INVALID_REQUEST for a profile no login can fix', async () => {
    const s = await setup({}, HOUR * 100);
    const res = await s.client.request('auth.login.start', { profileId: 'openai:env' });
    expect(res).toMatchObject({
      ok: false,
      error: { code: 'INVALID_REQUEST', message: 'no CLI login can fix openai:env' },
    });
  });

  it('refreshes the codex-cli token through codex app-server by itself when it is within 2 h of expiry', async () => {
    const s = await setup({ appServer: { refresh: 'ok', refreshedExpiresAt: Date.now() + 240 * HOUR } }, HOUR);
    await s.client.waitFor(
      (f) =>
        f.event === 'auth.changed' &&
        (f.payload as { profiles: ProfileView[] }).profiles.some(
          (p) => p.id === 'openai-codex:codex-cli' && (p.remainingMs ?? 0) > 200 * HOUR,
        ),
    );
    expect(s.fake.calls().map((c) => c.argv)).toEqual([['app-server']]);
  });

  it('auth.refresh {delegate:true} answers a refused refresh with its reason, and a retry within 15 min with the wait', async () => {
    const s = await setup({ appServer: { refresh: 'rejected' } }, 100 * HOUR);
    const res = await s.client.request('auth.refresh', { delegate: true, profileId: 'openai-codex:codex-cli' });
    expect(res).toMatchObject({
      ok: false,
      error: {
        code: 'UNAVAILABLE',
        // Codex logged `Failed to refresh token status=401`: the refresh token is dead.
        message: 'refresh failed: the server refused the refresh token (401) — log in again (run: codex login)',
      },
    });
    expect(s.fake.calls()).toHaveLength(1);
    const again = await s.client.request('auth.refresh', { delegate: true });
    expect(again).toMatchObject({
      ok: false,
      error: {
        code: 'UNAVAILABLE',
        message: expect.stringMatching(/^last attempt 0m ago; next one possible in 1[45]m$/),
      },
    });
    expect(s.fake.calls()).toHaveLength(1);
    const other = await s.client.request('auth.refresh', { delegate: true, profileId: 'anthropic:claude-cli' });
    expect(other).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });

  it('auth.login.start for openai-codex:default runs clawbar’s own login through the browser', async () => {
    const oauth: FakeOAuthServer = await startFakeOAuthServer();
    cleanups.push(oauth.close);
    const s = await setup({}, 100 * HOUR, {
      CLAWBAR_OPENAI_AUTH_URL: oauth.url,
      CLAWBAR_OAUTH_CALLBACK_PORTS: String(await freePort()),
    });
    const started = await s.client.request('auth.login.start', { profileId: 'openai-codex:default' });
    const { loginId } = started.payload as { loginId: string };
    expect(await waitFor(() => s.opened.length === 1)).toBe(true);
    const consent = await fetch(s.opened[0]!, { redirect: 'manual' });
    await fetch(consent.headers.get('location')!);
    const end = await s.client.waitFor(
      (f) =>
        f.event === 'login.progress' &&
        (f.payload as { loginId: string; state: string }).loginId === loginId &&
        ['succeeded', 'failed'].includes((f.payload as { state: string }).state),
    );
    expect(end.payload).toMatchObject({
      state: 'succeeded',
      line: expect.stringMatching(/^openai-codex:default ok, expires in/),
    });
  });

  it('auth.login.start {method: "device"} for openai-codex:default: a link and a code in login.progress, signed in elsewhere', async () => {
    const oauth: FakeOAuthServer = await startFakeOAuthServer();
    cleanups.push(oauth.close);
    const s = await setup({}, 100 * HOUR, { CLAWBAR_OPENAI_AUTH_URL: oauth.url });
    const started = await s.client.request('auth.login.start', { profileId: 'openai-codex:default', method: 'device' });
    const { loginId } = started.payload as { loginId: string };
    const code = await s.client.waitFor(
      (f) => f.event === 'login.progress' && Boolean((f.payload as { userCode?: string }).userCode),
    );
    const payload = code.payload as { userCode: string; url: string; expiresAt: string; method: string };
    expect(payload).toMatchObject({ loginId, state: 'waiting', method: 'device', url: `${oauth.url}/codex/device` });
    expect(Date.parse(payload.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(s.opened).toEqual([]);
    oauth.approveDevice(payload.userCode);
    const end = await s.client.waitFor(
      (f) =>
        f.event === 'login.progress' &&
        (f.payload as { loginId: string }).loginId === loginId &&
        ['succeeded', 'failed'].includes((f.payload as { state: string }).state),
    );
    expect(end.payload).toMatchObject({ state: 'succeeded', line: expect.stringMatching(/^openai-codex:default ok/) });
    const status = await s.client.request('status');
    const login = (status.payload as { logins: LoginView[] }).logins.find((l) => l.loginId === loginId);
    expect(login).toMatchObject({ method: 'device', userCode: payload.userCode, state: 'succeeded' });
    // Claude Code has no device flow: refused in one line.
    const claude = await s.client.request('auth.login.start', { profileId: 'anthropic:claude-cli', method: 'device' });
    expect(claude).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
  });
});
