// The whole runtime as `clawbar gateway` and Electron run it: the real auth engine watching a real
// auth.json, the real usage poller against a loopback wham/usage, real sockets.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { type Logger } from '../../src-main/core/log/logger.js';
import { type Runtime, startRuntime } from '../../src-main/core/runtime/start.js';
import { type ProfileView, type ProviderView } from '../../src-shared/protocol/index.js';
import { writeFakeCli } from '../fixtures/fake-cli.js';
import { gatewayClientFor } from '../fixtures/gateway-client.js';
import { codexChatgptAuthJson, codexTokens } from '../fixtures/jwt.js';
import { openAuthedClient, type RawClient } from '../fixtures/raw-client.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';
import { startUsageServer, type UsageServer } from '../fixtures/usage-server.js';

const DAY = 86_400_000;

let home: TempHome | undefined;
let runtime: Runtime | undefined;
let usageServer: UsageServer | undefined;
const clients: RawClient[] = [];

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await runtime?.close();
  await usageServer?.close();
  home?.cleanup();
  runtime = undefined;
  usageServer = undefined;
  home = undefined;
});

async function startWithCodexLogin(expiresAt: number) {
  home = makeTempHome('clawbar-runtime-');
  usageServer = await startUsageServer();
  usageServer.codex = [
    {
      kind: 'json',
      body: {
        plan_type: 'pro',
        rate_limit: {
          primary_window: {
            used_percent: 42,
            limit_window_seconds: 18000,
            reset_after_seconds: 9000,
            reset_at: 1795620000,
          },
          secondary_window: null,
        },
        credits: { has_credits: false, unlimited: false, balance: '0' },
      },
    },
  ];
  mkdirSync(home.codexHome, { recursive: true });
  const authFile = path.join(home.codexHome, 'auth.json');
  writeFileSync(authFile, codexChatgptAuthJson({ expiresAt, email: 'dev@example.com' }));
  runtime = await startRuntime({
    env: { ...home.env, CLAWBAR_CHATGPT_BASE_URL: usageServer.chatgptBaseUrl },
    port: 0,
    dashboardDir: null,
  });
  return { authFile, runtime, env: home.env };
}

const codexProfile = (profiles: ProfileView[]) => profiles.find((p) => p.id === 'openai-codex:codex-cli');

describe('gateway runtime', () => {
  it('200 connected clients all receive auth.changed after one auth.json rewrite, without any token in a frame', async () => {
    const { authFile, runtime: rt } = await startWithCodexLogin(Date.now() + 2 * DAY);
    const many = await Promise.all(
      Array.from({ length: 200 }, async () => {
        const { client } = await openAuthedClient(rt.gateway.wsUrl, rt.token);
        clients.push(client);
        return client;
      }),
    );
    const hello = many[0]!.frames[0]!.payload as { snapshot: { profiles: ProfileView[] } };
    expect(codexProfile(hello.snapshot.profiles)).toMatchObject({ status: 'ok', email: 'dev@example.com' });

    const newExpiry = Date.now() + 9 * DAY;
    const tokens = codexTokens({ expiresAt: newExpiry, email: 'dev@example.com' });
    writeFileSync(
      authFile,
      JSON.stringify({ auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens, last_refresh: new Date().toISOString() }),
    );

    const isNewReading = (f: { event?: string; payload?: unknown }) =>
      f.event === 'auth.changed' &&
      codexProfile((f.payload as { profiles: ProfileView[] }).profiles)?.expiresAt ===
        new Date(Math.floor(newExpiry / 1000) * 1000).toISOString();
    const events = await Promise.all(many.map((c) => c.waitFor(isNewReading, 15_000)));
    expect(events).toHaveLength(200);
    for (const c of many) {
      const text = c.texts.join('\n');
      for (const secret of [tokens.access_token, tokens.refresh_token, tokens.id_token, rt.token])
        expect(text).not.toContain(secret);
    }
  });

  it('sends the providers again when an auth change moves a provider status', async () => {
    const { authFile, runtime: rt } = await startWithCodexLogin(Date.now() + 2 * DAY);
    const { client } = await openAuthedClient(rt.gateway.wsUrl, rt.token);
    clients.push(client);
    // Expiring (under 24 h) but outside the 2 h delegated-refresh window, so no codex is spawned.
    writeFileSync(authFile, codexChatgptAuthJson({ expiresAt: Date.now() + 3 * 3_600_000, email: 'dev@example.com' }));
    const codexProvider = (f: { event?: string; payload?: unknown }) =>
      f.event === 'usage.changed'
        ? (f.payload as { providers: ProviderView[] }).providers.find((p) => p.provider === 'openai-codex')
        : undefined;
    const frame = await client.waitFor((f) => codexProvider(f)?.status === 'expiring', 15_000);
    // The usage numbers ride along unchanged.
    expect(codexProvider(frame)?.usage?.windows.map((w) => w.label)).toEqual(['5h']);
  });

  it('starts with an absurd expiry on disk, keeps serving through another one, and picks up the fixed file', async () => {
    const { authFile, runtime: rt } = await startWithCodexLogin(Date.now() + 2 * DAY);
    await rt.close();
    writeFileSync(authFile, codexChatgptAuthJson({ expiresAt: 1e23 }));
    runtime = await startRuntime({ env: home!.env, port: 0, dashboardDir: null });
    const { client } = await openAuthedClient(runtime.gateway.wsUrl, runtime.token);
    clients.push(client);
    const status = await client.request('status');
    expect(codexProfile((status.payload as { profiles: ProfileView[] }).profiles)).toMatchObject({
      status: 'missing',
      detail: 'the access token in auth.json: token expiry is not a plausible time',
    });
    // Every part runs: usage answers (nothing to poll), logins and settings are there.
    expect((await client.request('usage.refresh', {})).ok).toBe(true);
    expect((await client.request('config.get')).ok).toBe(true);

    const isOk = (f: { event?: string; payload?: unknown }) =>
      f.event === 'auth.changed' && codexProfile((f.payload as { profiles: ProfileView[] }).profiles)?.status === 'ok';
    writeFileSync(authFile, codexChatgptAuthJson({ expiresAt: Date.now() + 3 * DAY, email: 'fixed@example.com' }));
    await client.waitFor(isOk, 15_000);
    writeFileSync(authFile, codexChatgptAuthJson({ expiresAt: -1 }));
    await client.waitFor(
      (f) =>
        f.event === 'auth.changed' &&
        codexProfile((f.payload as { profiles: ProfileView[] }).profiles)?.status === 'missing',
      15_000,
    );
    expect((await client.request('health')).ok).toBe(true);
  });

  it('binds beyond loopback only with a long random token, and says where it listens', async () => {
    home = makeTempHome('clawbar-runtime-');
    mkdirSync(home.clawbarHome, { recursive: true });
    writeFileSync(path.join(home.clawbarHome, 'config.json'), JSON.stringify({ gateway: { bind: 'lan' } }));
    await expect(
      startRuntime({ env: { ...home.env, CLAWBAR_GATEWAY_TOKEN: 'hunter2' }, port: 0, dashboardDir: null }),
    ).rejects.toThrow(/needs a gateway token of at least 32 random bytes/);
    const lines: string[] = [];
    const logger: Logger = {
      info: (m) => lines.push(m),
      warn: () => {},
      error: () => {},
      debug: () => {},
      child: () => logger,
    };
    runtime = await startRuntime({ env: home.env, port: 0, dashboardDir: null, logger });
    expect(lines).toContain(`listening on ws://0.0.0.0:${runtime.gateway.port} (PID ${process.pid})`);
  });

  it('serves status, usage, auth.refresh and config through the typed client', async () => {
    const { runtime: rt } = await startWithCodexLogin(Date.now() + 2 * DAY);
    const client = gatewayClientFor(rt);
    try {
      const hello = await client.connect();
      expect(hello.snapshot.gateway).toMatchObject({ agentModel: 'openai-codex/gpt-6.1-sol', pid: process.pid });

      const usage = await client.request('usage.refresh', { provider: 'openai-codex' });
      expect(usage.providers.find((p) => p.provider === 'openai-codex')).toMatchObject({
        status: 'ok',
        usage: { windows: [{ label: '5h', usedPercent: 42, leftPercent: 58 }], stale: false },
      });
      const status = await client.request('status');
      expect(status.providers.find((p) => p.provider === 'openai-codex')?.usage?.windows[0]?.label).toBe('5h');

      const refreshed = await client.request('auth.refresh', {});
      expect(codexProfile(refreshed.profiles)?.status).toBe('ok');

      const saved = await client.request('config.set', { warnBefore: '3d', usageRefresh: '120s' });
      expect(saved.settings).toMatchObject({ warnBefore: '3d', usageRefresh: '120s', codexArgs: ['login'] });
      expect(JSON.parse(readFileSync(path.join(home!.clawbarHome, 'config.json'), 'utf8'))).toEqual({
        auth: { warnBefore: '3d' },
        usage: { refresh: '120s' },
      });
      expect(rt.config.current().usage.refreshMs).toBe(120_000);
      expect(rt.config.current().auth.warnBeforeMs).toBe(3 * DAY);
      expect((await client.request('config.get')).settings.warnBefore).toBe('3d');
      // The running auth engine takes the new threshold at once.
      expect((await client.request('status')).warnBeforeMs).toBe(3 * DAY);

      await expect(client.request('config.set', { usageRefresh: 'often' })).rejects.toMatchObject({
        code: 'INVALID_REQUEST',
      });
    } finally {
      client.close();
    }
  });

  it('sends a config.set of agentModel to the running agent and to the auth engine', async () => {
    const { runtime: rt } = await startWithCodexLogin(Date.now() + 2 * DAY);
    const client = gatewayClientFor(rt);
    try {
      await client.connect();
      const depended = new Promise<ProfileView[]>((resolve) =>
        client.on('auth.changed', ({ profiles }) => {
          if (profiles.some((p) => p.id === 'anthropic:claude-cli')) resolve(profiles);
        }),
      );
      await client.request('config.set', { agentModel: 'anthropic/claude-sonnet-4-6' });
      expect((await client.request('status')).gateway.agentModel).toBe('anthropic/claude-sonnet-4-6');
      const { models } = await client.request('models.list');
      expect(models.map((m) => [m.key, m.tags])).toEqual([
        ['anthropic/claude-sonnet-4-6', ['default', 'configured', 'missing']],
      ]);
      // Anthropic is depended on now: its Claude Code login shows as missing, saying why.
      expect((await depended).find((p) => p.id === 'anthropic:claude-cli')).toMatchObject({ status: 'missing' });
      // The next turn goes to the new model's provider (which has no login here).
      const replies: string[] = [];
      const done = new Promise<void>((resolve) =>
        client.on('chat', (event) => {
          if (event.state === 'error' || event.state === 'final') {
            replies.push(event.text);
            resolve();
          }
        }),
      );
      await client.request('chat.send', { sessionKey: 'dashboard', message: 'hello' });
      await done;
      expect(replies).toEqual([
        'No usable login for anthropic — run: claude auth login (or click Re-login in clawbar)',
      ]);
      await expect(client.request('config.set', { agentModel: 'gpt-5.2' })).rejects.toMatchObject({
        code: 'INVALID_REQUEST',
      });
    } finally {
      client.close();
    }
  });

  it('keeps serving while the auth engine cannot start, and brings it (and what needs it) up once the file is fixed', async () => {
    home = makeTempHome('clawbar-runtime-');
    usageServer = await startUsageServer();
    usageServer.codex = [{ kind: 'json', body: { plan_type: 'pro', rate_limit: null, credits: null } }];
    mkdirSync(home.codexHome, { recursive: true });
    const authFile = path.join(home.codexHome, 'auth.json');
    // An expiry no clock can show (issue 12): reading it once failed the engine's whole start.
    writeFileSync(authFile, codexChatgptAuthJson({ expiresAt: 1e23 }));
    runtime = await startRuntime({
      env: { ...home.env, CLAWBAR_CHATGPT_BASE_URL: usageServer.chatgptBaseUrl },
      port: 0,
      dashboardDir: null,
    });
    const client = gatewayClientFor(runtime);
    try {
      await client.connect();
      expect((await client.request('health')).ok).toBe(true);
      const alive = new Promise<ProfileView[]>((resolve) =>
        client.on('auth.changed', ({ profiles }) => {
          if (codexProfile(profiles)?.status === 'ok') resolve(profiles);
        }),
      );
      writeFileSync(authFile, codexChatgptAuthJson({ expiresAt: Date.now() + 2 * DAY }));
      await alive;
      // The usage poller needs the engine: it runs now too.
      const { providers } = await client.request('usage.refresh', { provider: 'openai-codex' });
      expect(providers.find((p) => p.provider === 'openai-codex')).toMatchObject({ status: 'ok', shortName: 'Codex' });
    } finally {
      client.close();
    }
  }, 30_000);

  it('lets no one holding the token choose the program a login runs: config.set refuses commands and unknown keys', async () => {
    const { runtime: rt } = await startWithCodexLogin(Date.now() + 2 * DAY);
    const configFile = path.join(home!.clawbarHome, 'config.json');
    writeFileSync(configFile, JSON.stringify({ auth: { warnBefore: '6h' } }));
    const { client } = await openAuthedClient(rt.gateway.wsUrl, rt.token);
    clients.push(client);
    for (const patch of [
      { codexCommand: '/tmp/evil' },
      { codexArgs: ['-c', 'touch /tmp/pwned'] },
      { claudeCommand: '/bin/sh' },
      { claudeArgs: ['-c', 'id'] },
      { warnBefore: '2h', codexCommand: '/tmp/evil' },
      { 'reauth.codex.command': '/tmp/evil' },
    ]) {
      const res = await client.request('config.set', patch);
      expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
      expect(res.error!.message).toMatch(/^config\.set: params\.\S+ cannot be changed over the gateway/);
    }
    expect(readFileSync(configFile, 'utf8')).toBe(JSON.stringify({ auth: { warnBefore: '6h' } }));
    expect(rt.config.current().reauth.codex.command).toBe('codex');
  });

  it("starts logins and delegated refreshes with an environment that holds none of clawbar's secrets", async () => {
    home = makeTempHome('clawbar-runtime-');
    const fake = writeFakeCli({ login: { outcome: 'success' }, appServer: { account: 'chatgpt' } });
    try {
      mkdirSync(home.codexHome, { recursive: true });
      writeFileSync(path.join(home.codexHome, 'auth.json'), codexChatgptAuthJson({ expiresAt: Date.now() + DAY }));
      runtime = await startRuntime({
        env: {
          ...home.env,
          CLAWBAR_CODEX_BIN: fake.codex,
          CLAWBAR_GATEWAY_TOKEN: 'env-gateway-token-0123456789abcdefghijklmnopqrstu',
          DISCORD_BOT_TOKEN: 'discord-bot-token-0123456789',
          SLACK_BOT_TOKEN: 'xoxb-slack-bot-token-0123456789',
          LANG: 'C.UTF-8',
        },
        port: 0,
        dashboardDir: null,
      });
      const { client } = await openAuthedClient(runtime.gateway.wsUrl, runtime.token);
      clients.push(client);
      const started = await client.request('auth.login.start', { profileId: 'openai-codex:codex-cli' });
      expect(started.ok).toBe(true);
      await client.waitFor(
        (f) => f.event === 'login.progress' && (f.payload as { state: string }).state === 'succeeded',
      );
      await client.request('auth.refresh', { delegate: true });
      const calls = fake.calls();
      expect(calls.map((c) => c.argv[0])).toEqual(['login', 'app-server']);
      for (const call of calls) {
        expect(call.envKeys).toContain('LANG');
        expect(call.envKeys).toContain('CODEX_HOME');
        expect(call.envKeys).not.toContain('CLAWBAR_GATEWAY_TOKEN');
        expect(call.envKeys).not.toContain('DISCORD_BOT_TOKEN');
        expect(call.envKeys).not.toContain('SLACK_BOT_TOKEN');
      }
    } finally {
      fake.cleanup();
    }
  });
});
