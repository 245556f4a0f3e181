// The live model catalog inside the real gateway runtime: `models.list` answers from the cache in
// `state/catalog.json` as `clawbar models list` does (a configured model the provider dropped is
// flagged `gone` with the nearest one), falls back to the built-in lists with one log line when the
// file is broken, and the gateway refreshes the lists itself — against the loopback Codex backend
// and Bedrock stand-ins — when the cache is older than a day, keeping the cache when that fails.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { type Runtime, startRuntime } from '../../src-main/core/runtime/start.js';
import { type GatewayClient } from '../../src-shared/gateway-client.js';
import { startBedrockStandIn, type BedrockStandIn } from '../fixtures/bedrock-stand-in.js';
import { startFakeLlmServer, type FakeLlmServer } from '../fixtures/fake-llm-server.js';
import { gatewayClientFor } from '../fixtures/gateway-client.js';
import { codexChatgptAuthJson } from '../fixtures/jwt.js';
import { captureLogs } from '../fixtures/reauth-helpers.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';

import type { ModelView } from '../../src-shared/protocol/index.js';

const DAY = 86_400_000;
const CODEX_MODELS = {
  models: [
    {
      slug: 'gpt-7-sol',
      visibility: 'list',
      priority: 1,
      context_window: 400_000,
      input_modalities: ['text', 'image'],
    },
    { slug: 'gpt-6.1-sol', visibility: 'list', priority: 2, context_window: 272_000, input_modalities: ['text'] },
  ],
};

let home: TempHome | undefined;
let runtime: Runtime | undefined;
let llm: FakeLlmServer | undefined;
let bedrock: BedrockStandIn | undefined;
let client: GatewayClient | undefined;
let logs: ReturnType<typeof captureLogs>;
let lines: string[] = [];

beforeEach(() => {
  logs = captureLogs();
  lines = logs.lines;
});
afterEach(async () => {
  client?.close();
  await runtime?.close();
  await llm?.close();
  await bedrock?.close();
  logs.restore();
  home?.cleanup();
  client = runtime = llm = bedrock = home = undefined;
});

/** A temp home with a Codex CLI login and (when given) the cache file's text; returns the access token. */
function prepare(cache?: string, fallbacks: string[] = []): string {
  home = makeTempHome('clawbar-catalog-runtime-');
  mkdirSync(path.join(home.clawbarHome, 'state'), { recursive: true, mode: 0o700 });
  writeFileSync(
    path.join(home.clawbarHome, 'config.json'),
    JSON.stringify({ secrets: { backend: 'file' }, agent: { model: 'openai-codex/gpt-5.2', fallbacks } }),
  );
  if (cache !== undefined) writeFileSync(catalogFile(), cache, { mode: 0o600 });
  mkdirSync(home.codexHome, { recursive: true });
  const auth = codexChatgptAuthJson({ expiresAt: Date.now() + 9 * DAY, accountId: 'acct-cat' });
  writeFileSync(path.join(home.codexHome, 'auth.json'), auth);
  return (JSON.parse(auth) as { tokens: { access_token: string } }).tokens.access_token;
}

const catalogFile = () => path.join(home!.clawbarHome, 'state', 'catalog.json');

function cacheOf(fetchedAt: number): string {
  const models = [
    { name: 'gpt-7-sol', contextWindow: 400_000, input: ['text', 'image'] },
    { name: 'gpt-5.5', contextWindow: 272_000, input: ['text'] },
  ];
  return JSON.stringify({
    version: 1,
    providers: { 'openai-codex': { fetchedAt: new Date(fetchedAt).toISOString(), models } },
  });
}

async function start(env: Record<string, string> = {}) {
  llm ??= await startFakeLlmServer();
  runtime = await startRuntime({
    env: { ...home!.env, CLAWBAR_CHATGPT_BASE_URL: llm.chatgptBaseUrl, ...env },
    port: 0,
    dashboardDir: null,
  });
  client = gatewayClientFor(runtime);
  await client.connect();
}

const codexOf = (models: ModelView[]) =>
  models.filter((m) => m.provider === 'openai-codex').map((m) => [m.name, m.source, m.tags.join(','), m.suggestion]);

/** Waits for a log line (the gateway's own signal that a background step ended). */
async function logLine(pattern: RegExp): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const line = lines.find((l) => pattern.test(l));
    if (line) return line;
    if (Date.now() > deadline) throw new Error(`no log line ${pattern}; got:\n${lines.join('\n')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('models.list in the gateway runtime', () => {
  it('answers from a cached catalog, flags a dropped model, and asks no provider within a day of the cache', async () => {
    prepare(cacheOf(Date.now() - 3600_000));
    await start();
    const { models } = await client!.request('models.list', { all: true });
    expect(codexOf(models)).toEqual([
      ['gpt-5.2', undefined, 'default,configured,gone', 'gpt-5.5'],
      ['gpt-7-sol', 'cached', '', undefined],
      ['gpt-5.5', 'cached', '', undefined],
    ]);
    // Bedrock has no cached list: its built-in one stands.
    expect(models.filter((m) => m.provider === 'bedrock').every((m) => m.source === 'built-in')).toBe(true);
    const configured = await client!.request('models.list');
    expect(configured.models.map((m) => m.key)).toEqual(['openai-codex/gpt-5.2']);
    expect(llm!.requests.some((r) => r.path === '/backend-api/codex/models')).toBe(false);
  });

  it('answers from the built-in lists with one log line when the cache file is broken', async () => {
    const token = prepare('{"version": 1, "providers": {"openai-codex": {"fetchedAt": "yesterday"');
    await start();
    for (let i = 0; i < 3; i++) {
      const { models } = await client!.request('models.list', { all: true });
      // Not in the built-in list either, but only a provider's own list can call it gone.
      expect(codexOf(models)[0]).toEqual(['gpt-5.2', undefined, 'default,configured', undefined]);
      expect(models.slice(1).every((m) => m.source === 'built-in')).toBe(true);
    }
    const reason = lines.filter((l) => l.includes('using the built-in model lists'));
    expect(reason).toEqual([`[catalog] ${catalogFile()} is not valid JSON; using the built-in model lists`]);
    // No cache to date it, so the gateway asked at once; this backend lists no models (404).
    expect(await logLine(/refreshing the model catalog failed/)).toMatch(
      /^\[catalog\] refreshing the model catalog failed: openai-codex:codex-cli: .* \(kept the built-in list\)$/,
    );
    for (const line of lines) expect(line).not.toContain(token);
  });

  it('refuses a cache file over its size cap, naming it', async () => {
    prepare('x'.repeat(1024 * 1024 + 1));
    await start();
    const { models } = await client!.request('models.list', { all: true });
    expect(models.slice(1).every((m) => m.source === 'built-in')).toBe(true);
    expect(lines).toContain(
      `[catalog] ${catalogFile()} is too large (1.0 MiB; at most 1 MiB); using the built-in model lists`,
    );
  });

  it('refreshes a day-old catalog in the background from the Codex backend and Bedrock, and keeps it when that fails', async () => {
    const token = prepare(cacheOf(Date.now() - 2 * DAY), ['bedrock/anthropic.claude-opus-4-1-20250805-v1:0']);
    llm = await startFakeLlmServer({ codexModels: CODEX_MODELS });
    bedrock = await startBedrockStandIn();
    bedrock.foundationModels = [
      {
        modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
        inputModalities: ['TEXT', 'IMAGE'],
        outputModalities: ['TEXT'],
        responseStreamingSupported: true,
        modelLifecycle: { status: 'ACTIVE' },
      },
    ];
    mkdirSync(path.join(home!.root, '.aws'), { recursive: true });
    writeFileSync(
      path.join(home!.root, '.aws', 'credentials'),
      '[default]\naws_access_key_id = AKIDGATEWAY\naws_secret_access_key = gateway-secret-key\n',
    );
    await start({ AWS_ENDPOINT_URL_BEDROCK: bedrock.url });

    // The refresh runs in the background; it ends when the gateway serves the lists it fetched.
    const deadline = Date.now() + 15_000;
    let models: ModelView[] = [];
    while (Date.now() < deadline) {
      ({ models } = await client!.request('models.list', { all: true }));
      if (models.some((m) => m.provider === 'bedrock' && m.source === 'live')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(codexOf(models)).toEqual([
      ['gpt-5.2', undefined, 'default,configured,gone', 'gpt-7-sol'],
      ['gpt-7-sol', 'live', '', undefined],
      ['gpt-6.1-sol', 'live', '', undefined],
    ]);
    expect(
      models.filter((m) => m.provider === 'bedrock').map((m) => [m.name, m.source, m.tags.join(','), m.suggestion]),
    ).toEqual([
      // Known to clawbar's built-in list, but Bedrock no longer lists it.
      [
        'anthropic.claude-opus-4-1-20250805-v1:0',
        'built-in',
        'fallback#1,configured,gone',
        'anthropic.claude-sonnet-4-5-20250929-v1:0',
      ],
      ['anthropic.claude-sonnet-4-5-20250929-v1:0', 'live', '', undefined],
    ]);
    expect(llm.requests.filter((r) => r.path === '/backend-api/codex/models')).toHaveLength(1);
    expect(bedrock.listRequests).toHaveLength(1);
    const cached = JSON.parse(readFileSync(catalogFile(), 'utf8')) as { providers: Record<string, unknown> };
    expect(Object.keys(cached.providers).sort()).toEqual(['bedrock', 'openai-codex']);

    // A gateway started a day later (the cache made two days old) whose providers are gone keeps the lists.
    client!.close();
    await runtime!.close();
    writeFileSync(catalogFile(), cacheOf(Date.now() - 2 * DAY), { mode: 0o600 });
    await llm.close();
    await bedrock.close();
    llm = bedrock = undefined;
    await start();
    const failure = await logLine(/refreshing the model catalog failed/);
    expect(failure).toMatch(/openai-codex:codex-cli: .* \(kept the cached list\)/);
    expect(failure).toMatch(/bedrock:default: .* \(kept the built-in list\)/);
    const after = await client!.request('models.list', { all: true });
    expect(codexOf(after.models).map(([name, source]) => [name, source])).toEqual([
      ['gpt-5.2', undefined],
      ['gpt-7-sol', 'cached'],
      ['gpt-5.5', 'cached'],
    ]);
    for (const line of lines) {
      expect(line).not.toContain(token);
      expect(line).not.toContain('gateway-secret-key');
    }
  });
});
