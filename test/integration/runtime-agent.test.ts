// The agent inside the real gateway runtime, with the real auth engine reading real auth files:
// chat.send streams chat events, a rejected profile fails over and turns expired for every
// client at once, models.list and channels.status answer, and Discord logs in through the runtime.
import { type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { getLogSinks, setLogSinks } from '../../src-main/core/log/logger.js';
import { type Runtime, startRuntime } from '../../src-main/core/runtime/start.js';
import { type GatewayClient } from '../../src-shared/gateway-client.js';
import { type EventPayloads, type ProfileView } from '../../src-shared/protocol/index.js';
import { buildCli, runCli, type BuiltCli } from '../fixtures/build-cli.js';
import { startFakeDiscord, type FakeDiscord } from '../fixtures/fake-discord.js';
import { startFakeLlmServer, type FakeLlmServer } from '../fixtures/fake-llm-server.js';
import { startFakeSlack, type FakeSlack } from '../fixtures/fake-slack.js';
import { gatewayClientFor } from '../fixtures/gateway-client.js';
import { claudeCredentialsJson, codexChatgptAuthJson } from '../fixtures/jwt.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';

const DAY = 86_400_000;
const OWN_TOKEN = 'own-access-token-rejected-0001';
const DISCORD_TOKEN = 'discord-bot-token.runtime.0001';

let home: TempHome | undefined;
let runtime: Runtime | undefined;
let llm: FakeLlmServer | undefined;
let discord: FakeDiscord | undefined;
let slack: FakeSlack | undefined;
let client: GatewayClient | undefined;
const savedSinks = getLogSinks();

let lines: string[] = [];
beforeEach(() => {
  lines = [];
  setLogSinks([(_r, line) => lines.push(line)]);
});

afterEach(async () => {
  client?.close();
  await runtime?.close();
  await llm?.close();
  await discord?.close();
  await slack?.close();
  setLogSinks(savedSinks);
  home?.cleanup();
  client = runtime = llm = discord = slack = home = undefined;
});

/** Real files: Codex CLI's auth.json, and clawbar's own login (auth-profiles.json + file secret store). */
function writeLogins(h: TempHome): string {
  mkdirSync(h.codexHome, { recursive: true });
  const codexAuth = codexChatgptAuthJson({ expiresAt: Date.now() + 9 * DAY, accountId: 'acct-cli' });
  writeFileSync(path.join(h.codexHome, 'auth.json'), codexAuth);
  mkdirSync(h.clawbarHome, { recursive: true, mode: 0o700 });
  writeFileSync(
    path.join(h.clawbarHome, 'auth-profiles.json'),
    JSON.stringify({
      version: 1,
      profiles: {
        'openai-codex:default': {
          provider: 'openai-codex',
          type: 'oauth',
          source: 'clawbar',
          expiresAt: Date.now() + 5 * DAY,
          accountId: 'acct-own',
        },
      },
      seen: [],
    }),
    { mode: 0o600 },
  );
  writeFileSync(
    path.join(h.clawbarHome, 'secrets.json'),
    JSON.stringify({ 'openai-codex:default': JSON.stringify({ accessToken: OWN_TOKEN, refreshToken: 'rt-own' }) }),
    { mode: 0o600 },
  );
  return (JSON.parse(codexAuth) as { tokens: { access_token: string } }).tokens.access_token;
}

async function start(config: Record<string, unknown>, extraEnv: Record<string, string> = {}) {
  home = makeTempHome('clawbar-agent-runtime-');
  llm = await startFakeLlmServer();
  const cliToken = writeLogins(home);
  writeFileSync(
    path.join(home.clawbarHome, 'config.json'),
    JSON.stringify({ secrets: { backend: 'file' }, ...config }),
  );
  runtime = await startRuntime({
    env: { ...home.env, CLAWBAR_CHATGPT_BASE_URL: llm.chatgptBaseUrl, ...extraEnv },
    port: 0,
    dashboardDir: null,
  });
  client = gatewayClientFor(runtime);
  await client.connect();
  return { cliToken };
}

function collectChat(c: GatewayClient, runId: () => string | null) {
  const events: EventPayloads['chat'][] = [];
  let resolveEnd: (e: EventPayloads['chat']) => void = () => {};
  const ended = new Promise<EventPayloads['chat']>((resolve) => (resolveEnd = resolve));
  c.on('chat', (payload) => {
    events.push(payload);
    if (payload.runId === runId() && payload.state !== 'delta') resolveEnd(payload);
  });
  return { events, ended };
}

function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

describe('agent in the gateway runtime', () => {
  it('chat.send fails over from a rejected own login to the Codex CLI login, which turns the first expired', async () => {
    const { cliToken } = await start({});
    const c = client!;
    llm!.behave(OWN_TOKEN, { kind: 'reject', status: 401 });
    const authChanges: ProfileView[][] = [];
    c.on('auth.changed', (payload) => authChanges.push(payload.profiles));
    let runId: string | null = null;
    const chat = collectChat(c, () => runId);
    ({ runId } = await c.request('chat.send', { sessionKey: 'dashboard:main', message: 'hello gateway' }));
    const end = await bounded(chat.ended, 10_000, 'final chat event');
    expect(end).toMatchObject({
      state: 'final',
      sessionKey: 'dashboard:main',
      text: 'you said: hello gateway (1 messages)',
    });
    expect(chat.events.filter((e) => e.runId === runId && e.state === 'delta').length).toBeGreaterThan(1);

    // (The usage poller also calls this server's /wham/usage; only model requests count here.)
    const modelRequests = () => llm!.requests.filter((r) => r.path === '/backend-api/codex/responses');
    expect(modelRequests().map((r) => [r.credential, r.headers['chatgpt-account-id']])).toEqual([
      [OWN_TOKEN, 'acct-own'],
      [cliToken, 'acct-cli'],
    ]);
    const { profiles } = await c.request('auth.list');
    expect(profiles.find((p) => p.id === 'openai-codex:default')).toMatchObject({ status: 'expired' });
    expect(profiles.find((p) => p.id === 'openai-codex:default')!.detail).toContain('401');
    expect(profiles.find((p) => p.id === 'openai-codex:codex-cli')).toMatchObject({ status: 'ok' });
    // Every client heard about the rejection (the tray and dashboard turn red at once).
    expect(authChanges.some((list) => list.find((p) => p.id === 'openai-codex:default')?.status === 'expired')).toBe(
      true,
    );

    // The next message skips the expired profile and continues the same session.
    let second: string | null = null;
    const chat2 = collectChat(c, () => second);
    ({ runId: second } = await c.request('chat.send', { sessionKey: 'dashboard:main', message: 'again' }));
    expect(await bounded(chat2.ended, 10_000, 'second final')).toMatchObject({ text: 'you said: again (3 messages)' });
    expect(modelRequests().at(-1)!.credential).toBe(cliToken);
    expect(modelRequests()).toHaveLength(3);
  });

  it("answers with Claude Code's login from its real credentials file", async () => {
    home = makeTempHome('clawbar-agent-claude-');
    llm = await startFakeLlmServer();
    mkdirSync(home.claudeDir, { recursive: true });
    const credentials = claudeCredentialsJson({ expiresAt: Date.now() + 6 * 3600_000 });
    writeFileSync(path.join(home.claudeDir, '.credentials.json'), credentials, { mode: 0o600 });
    const accessToken = (JSON.parse(credentials) as { claudeAiOauth: { accessToken: string } }).claudeAiOauth
      .accessToken;
    mkdirSync(home.clawbarHome, { recursive: true, mode: 0o700 });
    writeFileSync(
      path.join(home.clawbarHome, 'config.json'),
      JSON.stringify({ secrets: { backend: 'file' }, agent: { model: 'anthropic/claude-haiku-4-5' } }),
    );
    runtime = await startRuntime({
      env: { ...home.env, CLAWBAR_ANTHROPIC_BASE_URL: llm.anthropicBaseUrl },
      port: 0,
      dashboardDir: null,
    });
    client = gatewayClientFor(runtime);
    await client.connect();
    let runId: string | null = null;
    const chat = collectChat(client, () => runId);
    ({ runId } = await client.request('chat.send', { sessionKey: 'claude', message: 'bonjour' }));
    expect(await bounded(chat.ended, 10_000, 'final')).toMatchObject({
      state: 'final',
      text: 'you said: bonjour (1 messages)',
    });
    const request = llm.requests.find((r) => r.path === '/v1/messages')!;
    expect(request.headers.authorization).toBe(`Bearer ${accessToken}`);
    expect(String(request.headers['anthropic-beta'])).toContain('oauth-2025-04-20');
    expect(request.body.model).toBe('claude-haiku-4-5');
  });

  it('answers with the login to renew when every profile is rejected', async () => {
    const { cliToken } = await start({});
    llm!.behave(OWN_TOKEN, { kind: 'reject', status: 401 });
    llm!.behave(cliToken, { kind: 'reject', status: 403 });
    let runId: string | null = null;
    const chat = collectChat(client!, () => runId);
    ({ runId } = await client!.request('chat.send', { sessionKey: 's', message: 'hi' }));
    expect(await bounded(chat.ended, 10_000, 'error event')).toMatchObject({
      state: 'error',
      text: 'No usable login for openai-codex — run: codex login (or click Re-login in clawbar)',
    });
  });

  it('models.list and channels.status answer, and Discord logs in through the runtime', async () => {
    discord = await startFakeDiscord({ token: DISCORD_TOKEN });
    await start(
      {
        agent: { fallbacks: ['anthropic/claude-haiku-4-5'] },
        channels: { discord: { enabled: true, allowFrom: ['42'] } },
      },
      { DISCORD_BOT_TOKEN: DISCORD_TOKEN, CLAWBAR_DISCORD_API_URL: discord.apiUrl },
    );
    const { models } = await client!.request('models.list');
    expect(models.map((m) => [m.key, m.auth, m.tags.join(',')])).toEqual([
      ['openai-codex/gpt-6.1-sol', 'ok', 'default,configured'],
      ['anthropic/claude-haiku-4-5', 'missing', 'fallback#1,configured,missing'],
    ]);
    await discord.waitForReady();
    const deadline = Date.now() + 10_000;
    let channels = (await client!.request('channels.status')).channels;
    while (channels[0]?.state !== 'connected' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      channels = (await client!.request('channels.status')).channels;
    }
    expect(channels).toEqual([
      expect.objectContaining({ id: 'discord', enabled: true, state: 'connected', botUserId: discord.botId }),
      { id: 'slack', enabled: false, state: 'disabled', detail: 'disabled in config (channels.slack.enabled)' },
      { id: 'whatsapp', enabled: false, state: 'disabled', detail: 'disabled in config (channels.whatsapp.enabled)' },
    ]);
    expect(lines).toContain(`[discord] logged in to discord as ${discord.botId}`);
    expect(lines.findIndex((l) => l.startsWith('[gateway] listening on'))).toBeGreaterThanOrEqual(0);
    for (const line of lines) expect(line).not.toContain(DISCORD_TOKEN);
  });
});

describe('clawbar gateway (process) with Discord configured', () => {
  let built: BuiltCli | undefined;
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
    built?.cleanup();
    child = built = undefined;
  });

  it('prints the agent model, the listening line and the Discord login, answers a DM, and exits on SIGTERM', async () => {
    built = await buildCli();
    home = makeTempHome('clawbar-agent-cli-');
    llm = await startFakeLlmServer();
    discord = await startFakeDiscord({ token: DISCORD_TOKEN });
    writeLogins(home);
    writeFileSync(
      path.join(home.clawbarHome, 'config.json'),
      JSON.stringify({ secrets: { backend: 'file' }, channels: { discord: { enabled: true, allowFrom: ['42'] } } }),
    );
    const gateway = runCli(built, ['gateway', '--port', '0'], {
      ...home.env,
      CLAWBAR_CHATGPT_BASE_URL: llm.chatgptBaseUrl,
      CLAWBAR_DISCORD_API_URL: discord.apiUrl,
      DISCORD_BOT_TOKEN: DISCORD_TOKEN,
    });
    child = gateway.child;
    const output = () => gateway.stdout() + gateway.stderr();
    const deadline = Date.now() + 15_000;
    // Discord logs in in the background, so its line may come before or after the gateway's banner.
    const ready = () =>
      output().includes('[discord] logged in to discord as') && output().includes('[gateway] listening on');
    while (!ready() && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const lines = output().split('\n');
    expect(lines, output()).toContain('[gateway] agent model: openai-codex/gpt-6.1-sol');
    expect(lines.some((l) => /^\[gateway\] listening on ws:\/\/127\.0\.0\.1:\d+ \(PID \d+\)$/.test(l))).toBe(true);
    expect(lines).toContain(`[discord] logged in to discord as ${discord.botId}`);

    discord.sendDm('42', '555', 'are you there?');
    const [answer] = await discord.waitForMessages(1);
    expect(answer).toMatchObject({ channelId: '555', content: 'you said: are you there? (1 messages)' });
    expect(output()).not.toContain(DISCORD_TOKEN);

    child.kill('SIGTERM');
    expect(await bounded(gateway.exit, 5000, 'gateway exit')).toBe(0);
  });
  it('shows Slack’s tokens as profiles and notifies when Slack rejects one', async () => {
    const tokens = { SLACK_BOT_TOKEN: 'xoxb-runtime-bot-0000000001', SLACK_APP_TOKEN: 'xapp-1-runtime-app-000001' };
    slack = await startFakeSlack({ botToken: tokens.SLACK_BOT_TOKEN, appToken: tokens.SLACK_APP_TOKEN });
    await start(
      { channels: { slack: { enabled: true, allowFrom: ['U0000ALLOW1'] } } },
      { ...tokens, CLAWBAR_SLACK_API_URL: slack.apiUrl },
    );
    const notices: EventPayloads['notify'][] = [];
    client!.on('notify', (payload) => notices.push(payload));
    const deadline = Date.now() + 15_000;
    const slackProfiles = async () =>
      (await client!.request('auth.list')).profiles.filter((p) => p.provider === 'slack');
    while ((await slackProfiles()).some((p) => p.status !== 'static') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await slackProfiles()).toEqual([
      expect.objectContaining({ id: 'slack:bot', type: 'token', source: 'env', status: 'static', expiresAt: null }),
      expect.objectContaining({ id: 'slack:app', type: 'token', source: 'env', status: 'static' }),
    ]);
    await slack.waitForConnection(1);

    slack.revoke('app');
    slack.requestReconnect();
    while (!notices.some((n) => n.profileId === 'slack:app') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(notices.filter((n) => n.profileId === 'slack:app')).toEqual([
      expect.objectContaining({
        level: 'critical',
        title: 'Slack login rejected by the server',
        body: 'slack:app: rejected by Slack — run: clawbar secrets set slack-app-token.',
      }),
    ]);
    const snapshot = await client!.request('status');
    expect(snapshot.providers).toContainEqual(expect.objectContaining({ provider: 'slack', status: 'expired' }));
    expect(JSON.stringify(snapshot)).not.toContain('runtime-app-000001');
  });
});
