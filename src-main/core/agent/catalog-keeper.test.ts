// The gateway's catalog keeper against the loopback Codex backend: it fetches when the cache is
// older than its period, then again one period after each refresh (the runtime's period is a day),
// and stops asking once stopped.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { startFakeLlmServer, type FakeLlmServer } from '../../../test/fixtures/fake-llm-server.js';
import { memoryAuth } from '../../../test/fixtures/memory-auth.js';
import { makeTempHome, type TempHome } from '../../../test/fixtures/temp-home.js';
import { resolveConfig } from '../config/load.js';
import { resolveEndpoints } from '../config/paths.js';

import { startCatalogKeeper, type CatalogKeeper } from './catalog-keeper.js';

let home: TempHome | undefined;
let llm: FakeLlmServer | undefined;
let keeper: CatalogKeeper | undefined;
afterEach(async () => {
  await keeper?.stop();
  await llm?.close();
  home?.cleanup();
  keeper = llm = home = undefined;
});

const { auth } = memoryAuth([
  { id: 'openai-codex:codex-cli', status: 'ok', credential: { type: 'oauth', accessToken: 'keeper-access-token' } },
]);

describe('the catalog keeper', () => {
  it('refreshes at once without a cache, then once per period, and never after stop', async () => {
    home = makeTempHome('catalog-keeper-');
    mkdirSync(path.join(home.clawbarHome, 'state'), { recursive: true });
    llm = await startFakeLlmServer({
      codexModels: { models: [{ slug: 'gpt-7-sol', visibility: 'list', priority: 1, context_window: 400_000 }] },
    });
    const server = llm;
    const env = { ...home.env, CLAWBAR_CHATGPT_BASE_URL: server.chatgptBaseUrl };
    const listCalls = () => server.requests.filter((r) => r.path === '/backend-api/codex/models').length;
    const config = resolveConfig({});
    keeper = startCatalogKeeper({
      file: path.join(home.clawbarHome, 'state', 'catalog.json'),
      auth,
      config: { current: () => config },
      endpoints: resolveEndpoints(env),
      env,
      everyMs: 300,
    });
    const until = async (calls: number) => {
      const deadline = Date.now() + 10_000;
      while (listCalls() < calls && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(listCalls()).toBeGreaterThanOrEqual(calls);
    };
    await until(1);
    await until(2);
    await keeper.stop();
    const stopped = listCalls();
    expect((await keeper.catalogs()).find((c) => c.provider === 'openai-codex')).toMatchObject({
      source: 'live',
      models: [{ name: 'gpt-7-sol', contextWindow: 400_000, input: ['text'] }],
    });
    // Two periods later, still no further request.
    await new Promise((r) => setTimeout(r, 600));
    expect(listCalls()).toBe(stopped);
  });

  it('waits at most one period when the cache claims a date in the future', async () => {
    home = makeTempHome('catalog-keeper-');
    const file = path.join(home.clawbarHome, 'state', 'catalog.json');
    mkdirSync(path.dirname(file), { recursive: true });
    const models = [{ name: 'gpt-5.5', contextWindow: 272_000, input: ['text'] }];
    writeFileSync(
      file,
      JSON.stringify({ version: 1, providers: { 'openai-codex': { fetchedAt: '2999-01-01T00:00:00Z', models } } }),
    );
    llm = await startFakeLlmServer({ codexModels: { models: [{ slug: 'gpt-7-sol', visibility: 'list' }] } });
    const server = llm;
    const env = { ...home.env, CLAWBAR_CHATGPT_BASE_URL: server.chatgptBaseUrl };
    const config = resolveConfig({});
    keeper = startCatalogKeeper({
      file,
      auth,
      config: { current: () => config },
      endpoints: resolveEndpoints(env),
      env,
      everyMs: 100,
    });
    const deadline = Date.now() + 10_000;
    while (!server.requests.some((r) => r.path === '/backend-api/codex/models') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(server.requests.some((r) => r.path === '/backend-api/codex/models')).toBe(true);
  });
});
