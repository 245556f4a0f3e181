// The usage history wired into the whole runtime: the poller's readings and the agent's turns are
// recorded, each window's pace reaches the views, the chart methods answer from the database and
// the CLIs' logs, and a history that cannot open costs only its own methods.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { type Runtime, startRuntime } from '../../src-main/core/runtime/start.js';
import { createHistory } from '../../src-main/core/usage/history/history.js';
import { startFakeLlmServer, type FakeLlmServer } from '../fixtures/fake-llm-server.js';
import { gatewayClientFor } from '../fixtures/gateway-client.js';
import { codexChatgptAuthJson } from '../fixtures/jwt.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';
import { startUsageServer, type UsageServer } from '../fixtures/usage-server.js';

import type { GatewayClient } from '../../src-shared/gateway-client.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/cli-logs');

let home: TempHome | undefined;
let runtime: Runtime | undefined;
let usageServer: UsageServer | undefined;
let llm: FakeLlmServer | undefined;
let client: GatewayClient | undefined;

afterEach(async () => {
  client?.close();
  await runtime?.close();
  await usageServer?.close();
  await llm?.close();
  home?.cleanup();
  client = runtime = usageServer = llm = home = undefined;
});

/** A Codex login whose 5h window is 64 % used and resets in 3 h; clawbar's agent on an OpenAI key. */
async function setUp(config: Record<string, unknown> = {}) {
  home = makeTempHome('clawbar-history-runtime-');
  const resetAt = Math.floor(Date.now() / 1000) + 3 * 3600;
  usageServer = await startUsageServer();
  usageServer.codex = [
    {
      kind: 'json',
      body: {
        plan_type: 'pro',
        rate_limit: {
          primary_window: {
            used_percent: 64,
            limit_window_seconds: 18000,
            reset_after_seconds: 10800,
            reset_at: resetAt,
          },
          secondary_window: null,
        },
        credits: null,
      },
    },
  ];
  llm = await startFakeLlmServer();
  mkdirSync(home.codexHome, { recursive: true });
  writeFileSync(
    path.join(home.codexHome, 'auth.json'),
    codexChatgptAuthJson({ expiresAt: Date.now() + 5 * 24 * HOUR }),
  );
  mkdirSync(home.clawbarHome, { recursive: true });
  writeFileSync(
    path.join(home.clawbarHome, 'config.json'),
    JSON.stringify({ agent: { model: 'openai/gpt-5.2' }, ...config }),
  );
  return { resetAtMs: resetAt * 1000 };
}

async function start(): Promise<GatewayClient> {
  runtime = await startRuntime({
    env: {
      ...home!.env,
      CLAWBAR_CHATGPT_BASE_URL: usageServer!.chatgptBaseUrl,
      OPENAI_BASE_URL: llm!.openaiBaseUrl,
      OPENAI_API_KEY: 'sk-history-test-key',
    },
    port: 0,
    dashboardDir: null,
  });
  client = gatewayClientFor(runtime);
  await client.connect();
  return client;
}

/** An earlier process's last hour of the 5h window: 34 % rising 2.5 points every 5 minutes. */
function seedBurningWindow(resetAtMs: number) {
  const history = createHistory({ path: path.join(home!.clawbarHome, 'state', 'history.db'), compactDaily: false });
  const now = Date.now();
  for (let i = 0; i < 12; i++) {
    history.recordSample({
      provider: 'openai-codex',
      window: '5h',
      windowSeconds: 18_000,
      usedPercent: 34 + 2.5 * i,
      resetAt: resetAtMs,
      at: now - HOUR + i * 5 * MIN,
    });
  }
  history.close();
}

/** Today's copy of the recorded Codex session (its lines moved to the last hour). */
function placeCodexLogFromLastHour() {
  const lastHour = new Date(Date.now() - HOUR).toISOString().slice(0, 13); // YYYY-MM-DDTHH
  const text = readFileSync(path.join(fixtures, 'codex-session.jsonl'), 'utf8').replaceAll('2026-11-29T18', lastHour);
  const dir = path.join(home!.codexHome, 'sessions', '2026', '11', '29');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'rollout-2026-11-29T18-51-41-01a228a6-0fce-76f0-91f1-8307bcbdd966.jsonl'), text);
}

async function chat(c: GatewayClient, message: string): Promise<string> {
  const done = new Promise<string>((resolve) =>
    c.on('chat', (event) => {
      if (event.state !== 'delta') resolve(event.text);
    }),
  );
  await c.request('chat.send', { sessionKey: 'dashboard', message });
  return done;
}

describe('usage history in the runtime', () => {
  it('records each reading, gives the window its pace from what an earlier process recorded, and charts it', async () => {
    const { resetAtMs } = await setUp();
    seedBurningWindow(resetAtMs);
    const c = await start();
    // Waits for the poll at start, then reads the views.
    const { providers } = await c.request('usage.refresh', { provider: 'openai-codex' });
    const window = providers.find((p) => p.provider === 'openai-codex')!.usage!.windows[0]!;
    expect(window).toMatchObject({ label: '5h', usedPercent: 64 });
    // 30 %/h with 36 points left: out in about 1 h 12 m, before the reset in 3 h.
    expect(window.pace).toMatchObject({ kind: 'runs-out', resetAt: new Date(resetAtMs).toISOString() });
    expect(window.pace?.kind === 'runs-out' && Math.abs(window.pace.ratePerHour - 30)).toBeLessThan(1);
    expect(
      (await c.request('status')).providers.find((p) => p.provider === 'openai-codex')!.usage!.windows[0]!.pace?.kind,
    ).toBe('runs-out');

    const history = await c.request('usage.history', { days: 7 });
    expect(history.windows).toHaveLength(1);
    expect(history.windows[0]).toMatchObject({
      provider: 'openai-codex',
      account: '',
      label: '5h',
      resetAt: resetAtMs,
    });
    expect(history.windows[0]!.points).toHaveLength(13);
    expect(history.windows[0]!.points.at(-1)![1]).toBe(64);
    expect(history.windows[0]!.pace?.kind).toBe('runs-out');

    // The notifier heard the pace in the published views: one warning for this reset period, remembered.
    const notified = path.join(home!.clawbarHome, 'state', 'notified.json');
    await vi.waitFor(
      () => {
        const { fired } = JSON.parse(readFileSync(notified, 'utf8')) as { fired: Record<string, number> };
        expect(Object.keys(fired)).toContain(`pace|openai-codex|5h|${resetAtMs}`);
      },
      { timeout: 10_000, interval: 100 },
    );
  });

  it("records the agent's turns with their tokens and adds the CLIs' logs to the daily chart", async () => {
    await setUp();
    placeCodexLogFromLastHour();
    const c = await start();
    expect(await chat(c, 'hello')).toBe('you said: hello (1 messages)');

    const turns = await c.request('usage.turns', { days: 2, bucket: 'hour' });
    expect(turns.buckets).toHaveLength(48);
    expect(turns.series).toEqual([expect.objectContaining({ profile: 'openai:env', provider: 'openai', account: '' })]);
    expect(turns.series[0]!.ok.at(-1)).toBe(1);
    // The fake API's usage chunk: 14 in, 6 out.
    expect(turns.series[0]!.tokens.at(-1)).toBe(20);

    const daily = await c.request('usage.daily', { days: 2 });
    expect(daily.days).toHaveLength(2);
    const rows = daily.rows.map((r) => [r.provider, r.source, r.inputTokens, r.cachedInputTokens, r.outputTokens]);
    expect(rows).toContainEqual(['openai', 'agent', 14, 8, 6]);
    expect(rows).toContainEqual(['openai-codex', 'codex', 3600, 1000, 63]);
    const codex = daily.rows.find((r) => r.source === 'codex')!;
    // gpt-5.2 has a list price: 2600 uncached and 1000 cached input, 63 output.
    expect(codex.costUsd).toBeCloseTo((2600 * 1.75 + 1000 * 0.175 + 63 * 14) / 1e6, 10);
  });

  it('refuses chart requests beyond their bounds', async () => {
    await setUp();
    const c = await start();
    for (const [method, params] of [
      ['usage.history', { days: 8 }],
      ['usage.daily', { days: 91 }],
      ['usage.daily', { days: 1.5 }],
      ['usage.turns', { days: 30, bucket: 'hour' }],
      ['usage.turns', { bucket: 'minute' }],
    ] as const) {
      await expect(c.request(method, params as never)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    }
  });

  it('a history file that cannot be opened costs only the chart methods and the pace', async () => {
    await setUp();
    // Something that is not a database where the database goes.
    mkdirSync(path.join(home!.clawbarHome, 'state', 'history.db'), { recursive: true });
    const c = await start();
    await expect(c.request('usage.history', {})).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    const { providers } = await c.request('usage.refresh', { provider: 'openai-codex' });
    const window = providers.find((p) => p.provider === 'openai-codex')!.usage!.windows[0]!;
    expect(window.usedPercent).toBe(64);
    expect(window).not.toHaveProperty('pace');
    expect(await chat(c, 'still here')).toBe('you said: still here (1 messages)');
  });

  it('opens no database with usage.history.enabled false', async () => {
    await setUp({ usage: { history: { enabled: false } } });
    const c = await start();
    await expect(c.request('usage.daily', {})).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('usage history'),
    });
    await c.request('usage.refresh', {});
    await runtime!.close();
    expect(() => readFileSync(path.join(home!.clawbarHome, 'state', 'history.db'))).toThrow(/ENOENT/);
  });

  it('closes the database on stop with everything recorded written', async () => {
    await setUp();
    const c = await start();
    await c.request('usage.refresh', { provider: 'openai-codex' });
    await chat(c, 'one turn');
    await runtime!.close();
    // A second opener sees the rows (the queue was flushed) and no lock is left behind.
    const history = createHistory({ path: path.join(home!.clawbarHome, 'state', 'history.db'), compactDaily: false });
    try {
      expect(history.samples({ provider: 'openai-codex', window: '5h' }, 0)).toHaveLength(1);
      expect(history.turns(0)).toEqual([
        expect.objectContaining({ profile: 'openai:env', outcome: 'ok', inputTokens: 14 }),
      ]);
    } finally {
      history.close();
    }
  });
});
