import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { writeFakeCli, type FakeAppServerBehaviour, type FakeCli } from '../../../test/fixtures/fake-cli.js';
import { codexChatgptAuthJson } from '../../../test/fixtures/jwt.js';
import { startFakeOAuthServer, type FakeOAuthServer } from '../../../test/fixtures/oauth-server.js';
import {
  captureLogs,
  codexProfileFromDisk,
  groupGone,
  reauthConfig,
  waitFor,
} from '../../../test/fixtures/reauth-helpers.js';
import { makeTempHome, type TempHome } from '../../../test/fixtures/temp-home.js';
import { fixedConfig } from '../config/config-source.js';
import { cliLogin } from '../providers/registry.js';

import { openAppServer } from './app-server.js';
import { createDelegatedRefresher, type DelegatedRefresher } from './delegated-refresh.js';

const HOUR = 3600 * 1000;
const REAL_CODEX = path.resolve('node_modules/.bin/codex');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Harness {
  home: TempHome;
  fake: FakeCli;
  refresher: DelegatedRefresher;
  notes: [string, string | null][];
  /** `refreshFailed` of each note: the refresh token is dead. */
  dead: boolean[];
  now: { value: number };
  authFile: string;
}

function harness(
  appServer: FakeAppServerBehaviour,
  opts: { expiresIn?: number; command?: string; timeoutMs?: number; env?: Record<string, string> } = {},
): Harness {
  const home = makeTempHome();
  mkdirSync(home.codexHome, { recursive: true });
  const authFile = path.join(home.codexHome, 'auth.json');
  writeFileSync(authFile, codexChatgptAuthJson({ expiresAt: Date.now() + (opts.expiresIn ?? HOUR) }));
  const fake = writeFakeCli({ appServer });
  const logs = captureLogs();
  const now = { value: Date.now() };
  const notes: [string, string | null][] = [];
  const dead: boolean[] = [];
  const refresher = createDelegatedRefresher({
    config: fixedConfig(reauthConfig(opts.command ?? fake.codex, fake.claude)),
    auth: {
      profiles: () => codexProfileFromDisk(home.codexHome, now.value),
      reload: async () => codexProfileFromDisk(home.codexHome, now.value),
      onChanged: () => () => undefined,
      setNote: (id, note, flags) => {
        notes.push([id, note]);
        dead.push(flags?.refreshFailed === true);
      },
    },
    codexAuthFile: authFile,
    env: { ...home.env, ...opts.env },
    clock: () => now.value,
    ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
  });
  cleanups.push(home.cleanup, fake.cleanup, logs.restore, () => refresher.stop());
  return { home, fake, refresher, notes, dead, now, authFile };
}

describe('delegated refresh through codex app-server', () => {
  it('asks Codex to refresh and reports the new expiry', async () => {
    const h = harness({ refresh: 'ok', refreshedExpiresAt: Date.now() + 240 * HOUR });
    const before = readFileSync(h.authFile, 'utf8');
    const result = await h.refresher.refresh();
    expect(result.outcome).toBe('refreshed');
    expect(result.profile?.remainingMs).toBeGreaterThan(200 * HOUR);
    expect(readFileSync(h.authFile, 'utf8')).not.toBe(before);
    expect(h.fake.calls().map((c) => c.argv)).toEqual([['app-server']]);
    expect(groupGone(h.fake.calls()[0]!.pid)).toBe(true);
  });

  it('counts a refresh that Codex made even when its reply is an error', async () => {
    const h = harness({ refresh: 'ok', replyAfterRefresh: 'routing-error' });
    expect((await h.refresher.refresh()).outcome).toBe('refreshed');
  });

  it('turns a refused refresh into the profile detail', async () => {
    const h = harness({ refresh: 'rejected' });
    const before = readFileSync(h.authFile, 'utf8');
    const result = await h.refresher.refresh();
    expect(result.outcome).toBe('failed');
    expect(result.detail).toBe(
      'refresh failed: the server refused the refresh token (401) — log in again (run: codex login)',
    );
    expect(h.notes).toEqual([['openai-codex:codex-cli', result.detail]]);
    expect(h.refresher.detail('openai-codex:codex-cli')).toBe(result.detail);
    expect(readFileSync(h.authFile, 'utf8')).toBe(before);

    // A later success clears it.
    h.fake.configure({ appServer: { refresh: 'ok' } });
    h.now.value += 16 * 60 * 1000;
    expect((await h.refresher.refresh()).outcome).toBe('refreshed');
    expect(h.notes.at(-1)).toEqual(['openai-codex:codex-cli', null]);
  });

  it('times out on a hanging app-server and kills it', async () => {
    const h = harness({ refresh: 'hang' }, { timeoutMs: 500 });
    const result = await h.refresher.refresh();
    expect(result.outcome).toBe('failed');
    expect(result.detail).toMatch(/did not answer/);
    expect(groupGone(h.fake.calls()[0]!.pid)).toBe(true);
  });

  it('tries at most once per 15 minutes and joins an attempt in flight', async () => {
    const h = harness({ refresh: 'ok', replyDelayMs: { 'account/read': 200 } });
    const [a, b] = await Promise.all([h.refresher.refresh(), h.refresher.refresh()]);
    expect(a).toBe(b);
    expect(h.fake.calls()).toHaveLength(1);
    h.now.value += 10 * 60 * 1000;
    const skipped = await h.refresher.refresh();
    expect(skipped.outcome).toBe('skipped');
    expect(skipped.detail).toBe('last attempt 10m ago; next one possible in 5m');
    expect(h.fake.calls()).toHaveLength(1);
    h.now.value += 5 * 60 * 1000;
    expect((await h.refresher.refresh()).outcome).toBe('refreshed');
    expect(h.fake.calls()).toHaveLength(2);
  });

  it('refreshes by itself once the token is within refreshBefore (2 h) of expiry, and not before', async () => {
    const far = harness({ refresh: 'ok' }, { expiresIn: 5 * HOUR });
    far.refresher.start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(far.fake.calls()).toHaveLength(0);

    const near = harness({ refresh: 'ok' }, { expiresIn: 90 * 60 * 1000 });
    near.refresher.start();
    expect(await waitFor(() => near.fake.calls().length === 1)).toBe(true);
    // After the refresh the token is 10 days out: no second attempt.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await near.refresher.stop();
    expect(near.fake.calls()).toHaveLength(1);
  });

  it('names the install command when codex is missing', async () => {
    const h = harness({}, { command: '/nonexistent/codex' });
    const result = await h.refresher.refresh();
    expect(result).toMatchObject({
      outcome: 'failed',
      detail: `delegated refresh failed: ${cliLogin('codex').installHint}`,
    });
  });

  it('matches replies by id when they come out of order, skipping notifications', async () => {
    const h = harness({ account: 'apiKey', replyDelayMs: { 'account/read': 300 } });
    const session = await openAppServer({
      command: h.fake.codex,
      env: h.home.env,
      clientInfo: { name: 'clawbar', version: '0' },
    });
    cleanups.push(() => session.close());
    const order: string[] = [];
    const slow = session.request('account/read', {}).then((r) => order.push('account/read') && r);
    const fast = session.request('no/such').catch((e: Error) => order.push('no/such') && e.message);
    expect(await fast).toBe('method not found: no/such');
    expect(await slow).toMatchObject({ account: { type: 'apiKey' } });
    expect(order).toEqual(['no/such', 'account/read']);
  });
});

/**
 * The fake auth server and a harness running the real Codex against it, with auth.json holding one
 * of the server's refresh tokens: the live one, or one already rotated away.
 */
async function realCodexAgainst(
  token: 'live' | 'reused',
): Promise<{ h: Harness; server: FakeOAuthServer; held: string }> {
  const server = await startFakeOAuthServer();
  cleanups.push(server.close);
  const h = harness(
    {},
    { command: REAL_CODEX, env: { CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${server.url}/oauth/token` } },
  );
  const held = server.issue().refresh_token;
  if (token === 'reused') server.issue();
  const auth = JSON.parse(readFileSync(h.authFile, 'utf8'));
  auth.tokens.refresh_token = held;
  writeFileSync(h.authFile, JSON.stringify(auth, null, 2));
  return { h, server, held };
}

describe('delegated refresh against the real @openai/codex 0.169', () => {
  it('makes Codex itself post its refresh token and rewrite auth.json', async () => {
    const { h, server, held: oldRefresh } = await realCodexAgainst('live');
    const result = await h.refresher.refresh();
    expect(result.outcome).toBe('refreshed');
    expect(server.tokenRequests).toEqual([
      {
        client_id: 'app_EMoamEEZ73f0CkXaXp7hrann',
        grant_type: 'refresh_token',
        refresh_reason: 'forced',
        refresh_token: oldRefresh,
      },
    ]);
    const rotated = server.currentRefreshToken();
    expect(rotated).not.toBe(oldRefresh);
    expect(JSON.parse(readFileSync(h.authFile, 'utf8')).tokens.refresh_token).toBe(rotated);
    expect(result.profile?.remainingMs).toBeGreaterThan(9 * 24 * HOUR);
  });

  it('reports refresh_token_reused as a failed refresh and leaves auth.json alone', async () => {
    const { h, server } = await realCodexAgainst('reused');
    const before = readFileSync(h.authFile, 'utf8');
    const result = await h.refresher.refresh();
    expect(result.outcome).toBe('failed');
    // Codex's app-server logs only `Failed to refresh token status=401`: a refused refresh token is dead.
    expect(result.detail).toBe(
      'refresh failed: the server refused the refresh token (401) — log in again (run: codex login)',
    );
    expect(h.dead).toEqual([true]);
    expect(server.tokenRequests).toHaveLength(1);
    expect(readFileSync(h.authFile, 'utf8')).toBe(before);
  });

  // docs/codex-cli.md#codex-app-server: the app-server passes none of the three reasons on.
  it.each(['refresh_token_reused', 'refresh_token_expired', 'refresh_token_invalidated'] as const)(
    'makes the token endpoint answering %s a dead login with `codex login` as its fix',
    async (code) => {
      const { h, server } = await realCodexAgainst('live');
      server.setOptions({ refreshError: code });
      const before = readFileSync(h.authFile, 'utf8');
      const result = await h.refresher.refresh();
      expect(result).toMatchObject({
        outcome: 'failed',
        detail: 'refresh failed: the server refused the refresh token (401) — log in again (run: codex login)',
      });
      expect(h.dead).toEqual([true]);
      expect(server.tokenRequests.map((r) => r.grant_type)).toEqual(['refresh_token']);
      expect(readFileSync(h.authFile, 'utf8')).toBe(before);
    },
  );
});

describe("delegated refresh of an account's login (its own CODEX_HOME)", () => {
  /** The default home and the account `work`'s, each with a login holding one of the server's refresh tokens. */
  async function twoHomes(expiresIn = { home: HOUR, work: HOUR }) {
    const server = await startFakeOAuthServer();
    cleanups.push(server.close);
    const home = makeTempHome();
    cleanups.push(home.cleanup);
    const workHome = path.join(home.root, '.codex-work');
    const authFiles = [home.codexHome, workHome].map((dir) => {
      mkdirSync(dir, { recursive: true });
      const left = dir === workHome ? expiresIn.work : expiresIn.home;
      const auth = JSON.parse(codexChatgptAuthJson({ expiresAt: Date.now() + left }));
      auth.tokens.refresh_token = server.issue().refresh_token;
      writeFileSync(path.join(dir, 'auth.json'), JSON.stringify(auth, null, 2));
      return path.join(dir, 'auth.json');
    });
    const config = reauthConfig(REAL_CODEX, '/nonexistent/claude');
    config.accounts = [{ provider: 'openai-codex', id: 'work', label: 'work', home: workHome }];
    const profiles = () => [
      ...codexProfileFromDisk(home.codexHome),
      ...codexProfileFromDisk(workHome).map((p) => ({ ...p, id: `${p.id}@work` })),
    ];
    const notes: [string, string | null][] = [];
    const refresher = createDelegatedRefresher({
      config: fixedConfig(config),
      auth: {
        profiles,
        reload: async () => profiles(),
        onChanged: () => () => undefined,
        setNote: (id, note) => void notes.push([id, note]),
      },
      codexAuthFile: authFiles[0]!,
      env: { ...home.env, CODEX_REFRESH_TOKEN_URL_OVERRIDE: `${server.url}/oauth/token` },
    });
    cleanups.push(() => refresher.stop());
    return { server, refresher, notes, defaultAuth: authFiles[0]!, workAuth: authFiles[1]! };
  }

  it('runs the real codex app-server with the account home, which rewrites only that login', async () => {
    const { server, refresher, defaultAuth, workAuth } = await twoHomes();
    const held = JSON.parse(readFileSync(workAuth, 'utf8')).tokens.refresh_token as string;
    const defaultBefore = readFileSync(defaultAuth, 'utf8');
    const result = await refresher.refresh('openai-codex:codex-cli@work');
    expect(result).toMatchObject({ profileId: 'openai-codex:codex-cli@work', outcome: 'refreshed' });
    expect(result.profile?.remainingMs).toBeGreaterThan(9 * 24 * HOUR);
    expect(server.tokenRequests.map((r) => r.refresh_token)).toEqual([held]);
    expect(JSON.parse(readFileSync(workAuth, 'utf8')).tokens.refresh_token).toBe(server.currentRefreshToken());
    expect(readFileSync(defaultAuth, 'utf8')).toBe(defaultBefore);
    expect(refresher.handles('openai-codex:codex-cli@work')).toBe(true);
    expect((await refresher.refresh('openai-codex:codex-cli@home')).outcome).toBe('skipped');
  });

  it("refreshes by itself the account's login that falls due, and leaves the default one that does not", async () => {
    const { server, refresher, defaultAuth } = await twoHomes({ home: 5 * HOUR, work: HOUR });
    const defaultBefore = readFileSync(defaultAuth, 'utf8');
    refresher.start();
    expect(await waitFor(() => server.tokenRequests.length === 1, 15_000)).toBe(true);
    await refresher.stop();
    expect(server.tokenRequests).toHaveLength(1);
    expect(readFileSync(defaultAuth, 'utf8')).toBe(defaultBefore);
  });

  it("names the account's own re-login when its refresh token is dead", async () => {
    const { server, refresher, notes } = await twoHomes();
    server.setOptions({ refreshError: 'refresh_token_expired' });
    const result = await refresher.refresh('openai-codex:codex-cli@work');
    expect(result.detail).toBe(
      'refresh failed: the server refused the refresh token (401) — log in again (run: clawbar relogin codex --account work)',
    );
    expect(notes).toEqual([['openai-codex:codex-cli@work', result.detail]]);
  });
});
