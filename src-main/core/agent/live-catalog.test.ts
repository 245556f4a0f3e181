// The live catalog against loopback stand-ins speaking the providers' wire formats: the Codex
// backend's `/codex/models` serving the list the real Codex CLI 0.169 bundles, and Bedrock's
// `ListFoundationModels` reached through the AWS SDK. Live, then cached when offline, then
// built-in when the cache is bad; a configured model the provider no longer lists is flagged.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startBedrockStandIn, type BedrockStandIn } from '../../../test/fixtures/bedrock-stand-in.js';
import { startFakeLlmServer, type FakeLlmServer } from '../../../test/fixtures/fake-llm-server.js';
import { memoryAuth } from '../../../test/fixtures/memory-auth.js';
import { REAL_CODEX } from '../../../test/fixtures/real-codex.js';
import { makeTempHome, type TempHome } from '../../../test/fixtures/temp-home.js';
import { resolveConfig } from '../config/load.js';
import { resolveEndpoints } from '../config/paths.js';

import { readCatalogCache, refreshCatalogs, storedCatalogs, type ProviderCatalog } from './live-catalog.js';
import { listModels } from './models-view.js';

let home: TempHome;
let codex: FakeLlmServer;
let bedrock: BedrockStandIn;
let bundled: Array<{ slug: string; visibility: string; priority: number; context_window: number }>;
let file: string;

beforeAll(async () => {
  home = makeTempHome('live-catalog-');
  const out = await promisify(execFile)(REAL_CODEX, ['debug', 'models', '--bundled'], {
    env: home.env,
    timeout: 30_000,
  });
  bundled = (JSON.parse(out.stdout) as { models: typeof bundled }).models;
  codex = await startFakeLlmServer({ codexModels: { models: bundled } });
  bedrock = await startBedrockStandIn();
  bedrock.foundationModels = [
    {
      modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0',
      modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0',
      modelName: 'Claude Sonnet 4.5',
      providerName: 'Anthropic',
      inputModalities: ['TEXT', 'IMAGE'],
      outputModalities: ['TEXT'],
      responseStreamingSupported: true,
      inferenceTypesSupported: ['INFERENCE_PROFILE'],
      modelLifecycle: { status: 'ACTIVE' },
    },
    {
      modelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-premier-v1:0',
      modelId: 'amazon.nova-premier-v1:0',
      inputModalities: ['TEXT', 'IMAGE', 'VIDEO'],
      outputModalities: ['TEXT'],
      responseStreamingSupported: true,
      modelLifecycle: { status: 'ACTIVE' },
    },
    { modelId: 'old.model-v1', outputModalities: ['TEXT'], modelLifecycle: { status: 'LEGACY' } },
    { modelId: '../../etc/passwd\nx', outputModalities: ['TEXT'] },
  ];
  mkdirSync(path.join(home.root, '.aws'), { recursive: true });
  writeFileSync(
    path.join(home.root, '.aws', 'credentials'),
    '[default]\naws_access_key_id = AKIDLIST\naws_secret_access_key = s\n',
  );
  file = path.join(home.clawbarHome, 'state', 'catalog.json');
}, 60_000);
afterAll(async () => {
  await codex.close();
  await bedrock.close();
  home.cleanup();
});

const { auth } = memoryAuth([
  {
    id: 'openai-codex:codex-cli',
    status: 'ok',
    credential: { type: 'oauth', accessToken: 'codex-access-token', accountId: 'acct-1' },
  },
  { id: 'bedrock:default', status: 'static', credential: { type: 'api_key', aws: { profile: 'default' } } },
]);

function refresh(env: Record<string, string>) {
  const fullEnv = { ...home.env, ...env };
  return refreshCatalogs({
    file,
    auth,
    config: resolveConfig({}),
    clients: { endpoints: resolveEndpoints(fullEnv), env: fullEnv, timeoutMs: 5000, settings: () => ({}) },
    signal: AbortSignal.timeout(20_000),
  });
}

const online = () => ({ CLAWBAR_CHATGPT_BASE_URL: codex.chatgptBaseUrl, AWS_ENDPOINT_URL_BEDROCK: bedrock.url });
const byProvider = (catalogs: ProviderCatalog[]) => new Map(catalogs.map((c) => [c.provider, c]));

describe('the live model catalog', () => {
  it("fetches each provider's list with the credential clawbar holds, and caches it with its date", async () => {
    const catalogs = byProvider(await refresh(online()));
    const codexList = catalogs.get('openai-codex')!;
    expect(codexList.source).toBe('live');
    // What Codex shows: the listed models in its priority order (hidden ones left out).
    const shown = bundled.filter((m) => m.visibility === 'list').sort((a, b) => a.priority - b.priority);
    expect(codexList.models.map((m) => m.name)).toEqual(shown.map((m) => m.slug));
    expect(codexList.models[0]).toEqual({
      name: shown[0]!.slug,
      contextWindow: shown[0]!.context_window,
      input: ['text', 'image'],
    });
    const request = codex.requests.find((r) => r.path === '/backend-api/codex/models')!;
    expect(request.query).toBe('client_version=0.169.0');
    expect(request.headers).toMatchObject({
      authorization: 'Bearer codex-access-token',
      'chatgpt-account-id': 'acct-1',
      version: '0.169.0',
    });

    const bedrockList = catalogs.get('bedrock')!;
    expect(bedrockList.source).toBe('live');
    expect(bedrockList.models).toEqual([
      { name: 'anthropic.claude-sonnet-4-5-20250929-v1:0', contextWindow: 0, input: ['text', 'image'] },
      { name: 'amazon.nova-premier-v1:0', contextWindow: 0, input: ['text', 'image'] },
    ]);
    expect(bedrock.listRequests.at(-1)!.query).toBe('byOutputModality=TEXT');
    expect(bedrock.listRequests.at(-1)!.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDLIST\/\d{8}\/us-east-1\/bedrock\//,
    );

    const cache = await readCatalogCache(file);
    expect(Object.keys(cache).sort()).toEqual(['bedrock', 'openai-codex']);
    expect(Date.parse(cache['openai-codex']!.fetchedAt)).toBeGreaterThan(Date.now() - 60_000);
  }, 30_000);

  it('falls back to the cached list offline, saying why, and to the built-in one when the cache is bad', async () => {
    const offline = byProvider(await refresh({}));
    expect(offline.get('openai-codex')).toMatchObject({
      source: 'cached',
      error: expect.stringMatching(/^openai-codex:codex-cli: /),
    });
    expect(offline.get('bedrock')!.source).toBe('cached');
    expect(byProvider(await storedCatalogs(file)).get('openai-codex')!.source).toBe('cached');

    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        providers: { 'openai-codex': { fetchedAt: 'yesterday', models: [{ name: 'x' }] } },
      }),
    );
    const stored = byProvider(await storedCatalogs(file));
    expect(stored.get('openai-codex')).toMatchObject({ source: 'built-in', fetchedAt: null });
    expect(stored.get('openai-codex')!.models.map((m) => m.name)).toContain('gpt-6.1-sol');
  }, 30_000);

  it('flags a configured model the provider no longer lists and suggests the nearest one', async () => {
    const catalogs = await refresh(online());
    const models = listModels({
      agent: { model: 'openai-codex/gpt-5.2', fallbacks: ['bedrock/amazon.nova-premier-v1:0'] },
      profiles: auth.profiles(),
      catalogs,
    });
    expect(models[0]).toMatchObject({ key: 'openai-codex/gpt-5.2', suggestion: 'gpt-5.6-sol' });
    // Listed nowhere, so it has no source.
    expect(models[0]!.source).toBeUndefined();
    expect(models[0]!.tags).toContain('gone');
    expect(models[1]).toMatchObject({ source: 'live', input: ['text', 'image'] });
    expect(models[1]!.tags).not.toContain('gone');
    // The built-in list cannot say a model is gone: only the provider's can.
    const builtIn = listModels({ agent: { model: 'openai-codex/gpt-5.2', fallbacks: [] }, profiles: [], catalogs: [] });
    expect(builtIn[0]!.tags).not.toContain('gone');
  }, 30_000);
});

describe("OpenAI's and Anthropic's lists (docs/model-lists.md)", () => {
  let llm: FakeLlmServer;
  beforeAll(async () => {
    llm = await startFakeLlmServer({
      openaiModels: [
        { id: 'gpt-4.1', object: 'model', created: 1_744_000_000, owned_by: 'system' },
        { id: 'text-embedding-3-large', object: 'model', created: 1_705_000_000, owned_by: 'system' },
        { id: 'gpt-6', object: 'model', created: 1_790_000_000, owned_by: 'system' },
        { id: 'gpt-4o-realtime-preview', object: 'model', created: 1_727_000_000, owned_by: 'system' },
        { id: 'o4-mini', object: 'model', created: 1_744_500_000, owned_by: 'system' },
        { id: 'whisper-1', object: 'model', created: 1_677_000_000, owned_by: 'openai-internal' },
      ],
      anthropicModels: [
        {
          id: 'claude-opus-5',
          type: 'model',
          display_name: 'Claude Opus 5',
          created_at: '2026-09-01T00:00:00Z',
          lifecycle: 'active',
          max_input_tokens: 1_000_000,
          capabilities: { image_input: { supported: true } },
        },
        {
          id: 'claude-2.1',
          type: 'model',
          display_name: 'Claude 2.1',
          created_at: '2023-11-21T00:00:00Z',
          lifecycle: 'retired',
          max_input_tokens: 200_000,
        },
        { id: 'claude-haiku-9', type: 'model', created_at: '2026-10-01T00:00:00Z', max_input_tokens: -5 },
      ],
    });
  });
  afterAll(() => llm.close());

  const keys = memoryAuth([
    { id: 'openai:env', status: 'static', credential: { type: 'api_key', apiKey: 'sk-openai-test' } },
    { id: 'anthropic:claude-cli', status: 'ok', credential: { type: 'oauth', accessToken: 'claude-oauth-token' } },
  ]).auth;

  it('keeps the chat models OpenAI lists, newest first, and the live Claude models with their context', async () => {
    const env = { ...home.env, OPENAI_BASE_URL: llm.openaiBaseUrl, CLAWBAR_ANTHROPIC_BASE_URL: llm.anthropicBaseUrl };
    const catalogs = byProvider(
      await refreshCatalogs({
        file,
        auth: keys,
        config: resolveConfig({}),
        clients: { endpoints: resolveEndpoints(env), env, timeoutMs: 5000, settings: () => ({}) },
        signal: AbortSignal.timeout(20_000),
      }),
    );
    expect(catalogs.get('openai')).toMatchObject({ source: 'live' });
    expect(catalogs.get('openai')!.models.map((m) => m.name)).toEqual(['gpt-6', 'o4-mini', 'gpt-4.1']);
    expect(catalogs.get('anthropic')).toMatchObject({ source: 'live' });
    expect(catalogs.get('anthropic')!.models).toEqual([
      { name: 'claude-opus-5', contextWindow: 1_000_000, input: ['text', 'image'] },
      { name: 'claude-haiku-9', contextWindow: 0, input: ['text'] },
    ]);

    const openaiRequest = llm.requests.find((r) => r.path === '/v1/models' && !r.headers['anthropic-version'])!;
    expect(openaiRequest.headers.authorization).toBe('Bearer sk-openai-test');
    const anthropicRequest = llm.requests.find((r) => r.path === '/v1/models' && r.headers['anthropic-version'])!;
    expect(anthropicRequest.headers).toMatchObject({
      authorization: 'Bearer claude-oauth-token',
      'anthropic-beta': 'oauth-2025-04-20',
    });
    expect(anthropicRequest.query).toBe('limit=100');
    const cache = await readCatalogCache(file);
    expect(cache.openai!.models.map((m) => m.name)).toEqual(['gpt-6', 'o4-mini', 'gpt-4.1']);
  }, 30_000);
});
