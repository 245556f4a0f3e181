import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { startRuntime, type Runtime } from '../../src-main/core/runtime/start.js';
import { GatewayClient, type WebSocketLike } from '../../src-shared/gateway-client.js';
import { type NotifyEvent } from '../../src-shared/protocol/index.js';
import { claudeCredentialsJson, codexChatgptAuthJson } from '../fixtures/jwt.js';
import { waitFor } from '../fixtures/reauth-helpers.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';

describe('the notifier inside the gateway runtime', () => {
  let home: TempHome | undefined;
  let runtime: Runtime | undefined;
  let client: GatewayClient | undefined;
  afterEach(async () => {
    client?.close();
    await runtime?.close();
    home?.cleanup();
  });

  it('turns a usage change the parts broadcast into one `notify` event for clients', async () => {
    home = makeTempHome();
    runtime = await startRuntime({
      env: home.env,
      port: 0,
      dashboardDir: null,
    });
    client = new GatewayClient({
      url: runtime.gateway.wsUrl,
      token: runtime.token,
      createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    });
    await client.connect();
    const received: NotifyEvent[] = [];
    const first = new Promise<void>((resolve) =>
      client!.on('notify', (event) => {
        received.push(event);
        resolve();
      }),
    );
    const usage = {
      windows: [{ label: '5h', windowSeconds: 18000, usedPercent: 96, leftPercent: 4, resetAt: null }],
      fetchedAt: null,
      stale: false,
      error: null,
    };
    runtime.gateway.broadcast('usage.changed', {
      providers: [{ provider: 'openai-codex', displayName: 'OpenAI Codex', shortName: 'Codex', status: 'ok', usage }],
    });
    runtime.gateway.broadcast('usage.changed', {
      providers: [{ provider: 'openai-codex', displayName: 'OpenAI Codex', shortName: 'Codex', status: 'ok', usage }],
    });
    await first;
    await client.request('health'); // a round trip: any second notify would have arrived by now
    expect(received.map((e) => e.title)).toEqual(['Codex 5h window 95% used']);
  });

  it('warns once about an expiring Codex login: not again for a half-written auth.json, nor after a restart', async () => {
    home = makeTempHome();
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    await mkdir(home.codexHome, { recursive: true, mode: 0o700 });
    const authFile = path.join(home.codexHome, 'auth.json');
    const body = codexChatgptAuthJson({ expiresAt: Date.now() + 10 * 3_600_000 + 20 * 60_000 });
    await writeFile(authFile, body, { mode: 0o600 });
    const received: NotifyEvent[] = [];
    const connect = async () => {
      runtime = await startRuntime({ env: home!.env, port: 0, dashboardDir: null });
      client = new GatewayClient({
        url: runtime.gateway.wsUrl,
        token: runtime.token,
        createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      });
      client.on('notify', (event) => received.push(event));
      await client.connect();
    };

    await connect();
    // The first evaluation waits for clients like this one (3 s), then warns.
    for (let i = 0; i < 200 && received.length === 0; i++) await sleep(50);
    expect(received.map((e) => e.title)).toEqual(['Codex login expires in 10h 19m']);

    // Codex rewrites auth.json with truncate + write: a watcher can catch it half-written.
    await writeFile(authFile, body.slice(0, body.length / 2));
    await sleep(300);
    await writeFile(authFile, body);
    await sleep(3000); // past the auth engine's 2 s retry window
    await client!.request('health');
    expect(received).toHaveLength(1);

    // A restart remembers it (state/notified.json).
    client!.close();
    await runtime!.close();
    await connect();
    await sleep(3500); // past the first evaluation
    await client!.request('health');
    expect(received).toHaveLength(1);
    const memory = JSON.parse(await readFile(path.join(home.clawbarHome, 'state', 'notified.json'), 'utf8'));
    expect(Object.keys(memory.fired)).toEqual([
      expect.stringMatching(/^expiring\|openai-codex:codex-cli\|86400000\|[0-9a-f]{16}$/),
    ]);
  });

  /**
   * Issue 18: Claude Code's access token, 2 h past its expiry, with its refresh token (Claude Code
   * renews it when it next runs), beside a Codex login expiring in 10 h (its warning shows that the
   * first evaluation has run). The agent's model decides whether the Claude token is anyone's concern.
   */
  async function expiredClaudeToken(agentModel: string): Promise<NotifyEvent[]> {
    home = makeTempHome();
    await mkdir(home.claudeDir, { recursive: true, mode: 0o700 });
    const claude = claudeCredentialsJson({ expiresAt: Date.now() - 2 * 3_600_000 });
    await writeFile(path.join(home.claudeDir, '.credentials.json'), claude, { mode: 0o600 });
    await mkdir(home.codexHome, { recursive: true, mode: 0o700 });
    const codex = codexChatgptAuthJson({ expiresAt: Date.now() + 10 * 3_600_000 + 20 * 60_000 });
    await writeFile(path.join(home.codexHome, 'auth.json'), codex, { mode: 0o600 });
    await mkdir(home.clawbarHome, { recursive: true, mode: 0o700 });
    await writeFile(path.join(home.clawbarHome, 'config.json'), JSON.stringify({ agent: { model: agentModel } }));
    runtime = await startRuntime({ env: home.env, port: 0, dashboardDir: null });
    client = new GatewayClient({
      url: runtime.gateway.wsUrl,
      token: runtime.token,
      createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    });
    const received: NotifyEvent[] = [];
    client.on('notify', (event) => received.push(event));
    await client.connect();
    // The first evaluation waits 3 s for clients like this one.
    expect(await waitFor(() => received.some((e) => e.title.startsWith('Codex login expires')), 10_000)).toBe(true);
    await client.request('health');
    return received.filter((e) => e.profileId === 'anthropic:claude-cli');
  }

  it('says what an expired Claude access token is when the agent answers with Claude — no "login expired"', async () => {
    const events = await expiredClaudeToken('anthropic/claude-sonnet-4-5');
    expect(events).toEqual([
      expect.objectContaining({
        level: 'warning',
        title: "Claude's access token expired",
        body: expect.stringMatching(
          /^Claude's access token expired 2h 0m ago · Claude Code renews it on next use; until then the agent cannot use Claude \(a gateway that runs alone: `clawbar auth add-token anthropic`\)\.$/,
        ),
      }),
    ]);
    expect(events[0]).not.toHaveProperty('action');
  });

  it('keeps quiet about an expired Claude access token the agent does not use', async () => {
    expect(await expiredClaudeToken('openai-codex/gpt-6.1-sol')).toEqual([]);
  });
});
