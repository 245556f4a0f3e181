import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { byId, makeHarness, type Harness } from '../../../test/fixtures/auth-engine-harness.js';
import {
  base64url,
  claudeCredentialsJson,
  codexApiKeyAuthJson,
  codexChatgptAuthJson,
  codexTokens,
  makeJwt,
} from '../../../test/fixtures/jwt.js';

const DAY = 86_400_000;
let h: Harness;
beforeEach(() => {
  h = makeHarness();
});
afterEach(async () => {
  await h.stopAll();
});

async function writeCodex(body: string) {
  await mkdir(h.home.codexHome, { recursive: true });
  await writeFile(path.join(h.home.codexHome, 'auth.json'), body);
}

async function readOnce(overrides: Parameters<Harness['engine']>[0] = {}) {
  const engine = h.engine({ watch: false, settleMs: 150, ...overrides });
  await engine.start();
  return engine;
}

describe('Codex CLI source', () => {
  it('reads a ChatGPT login: expiry from the access token exp, not the file mtime', async () => {
    const expiresAt = Date.now() + 10 * DAY;
    await writeCodex(codexChatgptAuthJson({ expiresAt, email: 'dev@example.com', accountId: 'acct-42', plan: 'pro' }));
    const engine = await readOnce();
    const profile = byId(engine.profiles(), 'openai-codex:codex-cli')!;
    expect(profile).toMatchObject({
      provider: 'openai-codex',
      type: 'oauth',
      source: 'codex-cli',
      status: 'ok',
      email: 'dev@example.com',
      accountId: 'acct-42',
      plan: 'pro',
      refreshable: true,
      detail: null,
      expiresAt: new Date(Math.floor(expiresAt / 1000) * 1000).toISOString(),
    });
    const credential = engine.credential('openai-codex:codex-cli')!;
    expect(credential.accessToken).toMatch(/^eyJ/);
    expect(credential.accountId).toBe('acct-42');
  });

  it('reads an API-key login as a static openai profile', async () => {
    await writeCodex(codexApiKeyAuthJson('sk-test-abcdefghijklmnop'));
    const engine = await readOnce();
    expect(byId(engine.profiles(), 'openai:codex-cli')).toMatchObject({
      status: 'static',
      type: 'api_key',
      provider: 'openai',
    });
    expect(engine.credential('openai:codex-cli')?.apiKey).toBe('sk-test-abcdefghijklmnop');
  });

  it('accepts old formats: no auth_mode, and id_token written as a parsed object', async () => {
    const tokens = codexTokens({ expiresAt: Date.now() + 5 * DAY, email: 'old@example.com' });
    await writeCodex(
      JSON.stringify({
        OPENAI_API_KEY: null,
        tokens: {
          ...tokens,
          id_token: { email: 'old@example.com', chatgpt_plan_type: 'plus', raw_jwt: tokens.id_token },
        },
        last_refresh: new Date().toISOString(),
      }),
    );
    const engine = await readOnce();
    expect(byId(engine.profiles(), 'openai-codex:codex-cli')).toMatchObject({ status: 'ok', email: 'old@example.com' });

    await writeCodex(JSON.stringify({ OPENAI_API_KEY: 'sk-old-abcdefghijklmnop' }));
    await engine.reload();
    expect(byId(engine.profiles(), 'openai:codex-cli')).toMatchObject({ status: 'static' });
  });

  it('warns within warnBefore and reports expiry', async () => {
    await writeCodex(codexChatgptAuthJson({ expiresAt: Date.now() + 3_600_000 }));
    const engine = await readOnce();
    expect(byId(engine.profiles(), 'openai-codex:codex-cli')?.status).toBe('expiring');
    expect(byId(engine.profiles(Date.now() + 2 * 3_600_000), 'openai-codex:codex-cli')?.status).toBe('expired');
  });

  const access = (claims: Record<string, unknown>) =>
    JSON.stringify({ auth_mode: 'chatgpt', tokens: { access_token: makeJwt(claims), refresh_token: 'rt_x' } });
  const bad: [string, () => Promise<void>, RegExp][] = [
    ['an empty file', () => writeCodex(''), /^auth\.json is empty$/],
    [
      'truncated JSON',
      () => writeCodex(codexChatgptAuthJson({ expiresAt: Date.now() + DAY }).slice(0, 120)),
      /^auth\.json is not valid JSON$/,
    ],
    ['JSON that is an array', () => writeCodex('[1,2,3]'), /^auth\.json is not a JSON object$/],
    ['tokens missing', () => writeCodex(JSON.stringify({ auth_mode: 'chatgpt' })), /has no tokens/],
    ['exp missing', () => writeCodex(access({ sub: 'x' })), /has no exp claim/],
    ['exp a string', () => writeCodex(access({ exp: '1795640000' })), /token expiry is not a plausible time/],
    [
      'an access token that is not a JWT',
      () => writeCodex(JSON.stringify({ tokens: { access_token: 'opaque-token-value' } })),
      /is not a JWT/,
    ],
    [
      'a 10 MB file',
      () => writeCodex(`{"pad":"${'x'.repeat(10 * 1024 * 1024)}"}`),
      /^auth\.json is too large to be a credential file \(10\.0 MB\)$/,
    ],
    [
      'a directory in place of the file',
      async () => {
        await mkdir(path.join(h.home.codexHome, 'auth.json'), { recursive: true });
      },
      /^auth\.json is a directory, not a file$/,
    ],
    [
      'a symlink to nowhere',
      async () => {
        await mkdir(h.home.codexHome, { recursive: true });
        await symlink(path.join(h.home.root, 'gone.json'), path.join(h.home.codexHome, 'auth.json'));
      },
      /^auth\.json is a symlink to nowhere$/,
    ],
  ];
  for (const [what, make, detail] of bad) {
    it(`shows ${what} as missing with a one-line detail and no token text`, async () => {
      await make();
      const engine = await readOnce();
      const profile = byId(engine.profiles(), 'openai-codex:codex-cli')!;
      expect(profile.status).toBe('missing');
      expect(profile.detail).toMatch(detail);
      expect(profile.detail).not.toContain('\n');
      expect(JSON.stringify(engine.profiles())).not.toMatch(/eyJ|rt_x|opaque-token/);
      expect(engine.credential('openai-codex:codex-cli')).toBeNull();
    });
  }
});

describe('Claude Code source', () => {
  it('reads the credentials file: expiresAt, plan, refreshable, renewed by Claude Code', async () => {
    // A fresh 8-hour token is ok: Claude Code renews it, so it warns only in the last quarter (2 h).
    const expiresAt = Date.now() + 8 * 3_600_000;
    await mkdir(h.home.claudeDir, { recursive: true });
    await writeFile(
      path.join(h.home.claudeDir, '.credentials.json'),
      claudeCredentialsJson({ expiresAt, subscriptionType: 'max' }),
    );
    const engine = await readOnce();
    expect(byId(engine.profiles(), 'anthropic:claude-cli')).toMatchObject({
      status: 'ok',
      plan: 'max',
      refreshable: true,
      expiresAt: new Date(expiresAt).toISOString(),
    });
    expect(engine.credential('anthropic:claude-cli')?.accessToken).toMatch(/^sk-ant-oat01-/);
  });

  it('reports a login without expiresAt as missing', async () => {
    await mkdir(h.home.claudeDir, { recursive: true });
    await writeFile(
      path.join(h.home.claudeDir, '.credentials.json'),
      JSON.stringify({ claudeAiOauth: { accessToken: 'sk-ant-oat01-zzzzzzzzzz' } }),
    );
    const engine = await readOnce();
    expect(byId(engine.profiles(), 'anthropic:claude-cli')).toMatchObject({
      status: 'missing',
      detail: '.credentials.json has no expiresAt',
    });
  });
});

describe('absurd expiries', () => {
  const access = (exp: unknown) =>
    JSON.stringify({ auth_mode: 'chatgpt', tokens: { access_token: makeJwt({ exp }), refresh_token: 'rt_x' } });
  const claude = (expiresAt: unknown) =>
    JSON.stringify({ claudeAiOauth: { accessToken: 'sk-ant-oat01-zzzzzzzzzz', refreshToken: 'r', expiresAt } });

  it.each([
    ['1e20', 1e20],
    ['in milliseconds (1.5e12)', 1.5e12],
    ['negative', -5],
    ['zero', 0],
    ['a string', 'soon'],
  ])('shows a Codex token whose exp is %s as missing, and still reads the other sources', async (_what, exp) => {
    await writeCodex(access(exp));
    await mkdir(h.home.claudeDir, { recursive: true });
    await writeFile(
      path.join(h.home.claudeDir, '.credentials.json'),
      claudeCredentialsJson({ expiresAt: Date.now() + 2 * DAY }),
    );
    const engine = await readOnce();
    expect(byId(engine.profiles(), 'openai-codex:codex-cli')).toMatchObject({
      status: 'missing',
      expiresAt: null,
      detail: 'the access token in auth.json: token expiry is not a plausible time',
    });
    expect(byId(engine.profiles(), 'anthropic:claude-cli')?.status).toBe('ok');
  });

  it.each([
    ['1e20', 1e20],
    ['in seconds (1.8e9)', 1_795_640_000],
    ['negative', -5],
    ['a string', '1795640000000'],
  ])('shows a Claude login whose expiresAt is %s as missing', async (_what, expiresAt) => {
    await mkdir(h.home.claudeDir, { recursive: true });
    await writeFile(path.join(h.home.claudeDir, '.credentials.json'), claude(expiresAt));
    const engine = await readOnce();
    expect(byId(engine.profiles(), 'anthropic:claude-cli')).toMatchObject({
      status: 'missing',
      expiresAt: null,
      detail: '.credentials.json: token expiry is not a plausible time',
    });
  });

  it("never uses a stored key larger than any key (set behind clawbar's back)", async () => {
    await mkdir(h.home.clawbarHome, { recursive: true });
    await writeFile(
      path.join(h.home.clawbarHome, 'secrets.json'),
      JSON.stringify({ 'openai:default': 'k'.repeat(20_000) }),
    );
    await writeFile(
      path.join(h.home.clawbarHome, 'auth-profiles.json'),
      JSON.stringify({
        version: 1,
        profiles: { 'openai:default': { provider: 'openai', type: 'api_key', source: 'keychain' } },
      }),
    );
    const engine = await readOnce();
    expect(byId(engine.profiles(), 'openai:default')).toMatchObject({
      status: 'missing',
      detail: 'its stored secret is too large to be a key',
    });
    expect(engine.credential('openai:default')).toBeNull();
  });

  it("shows clawbar's own login with an absurd stored expiry as missing", async () => {
    await h.secrets.set('openai-codex:default', JSON.stringify({ accessToken: 'own-access-x', refreshToken: 'own-r' }));
    await mkdir(h.home.clawbarHome, { recursive: true });
    await writeFile(
      path.join(h.home.clawbarHome, 'auth-profiles.json'),
      JSON.stringify({
        version: 1,
        profiles: {
          'openai-codex:default': { provider: 'openai-codex', type: 'oauth', source: 'clawbar', expiresAt: 1e20 },
        },
      }),
    );
    const engine = await readOnce();
    expect(byId(engine.profiles(), 'openai-codex:default')).toMatchObject({
      status: 'missing',
      expiresAt: null,
      detail: 'auth-profiles.json: token expiry is not a plausible time',
    });
  });
});

describe('which profiles exist', () => {
  it('shows nothing for a source that never existed and nothing depends on', async () => {
    const engine = await readOnce({
      configFile: { agent: { model: 'anthropic/claude-sonnet-4-5' } },
      env: { OPENAI_API_KEY: '' },
    });
    expect(engine.profiles().map((p) => p.id)).toEqual(['anthropic:claude-cli']);
  });

  it("shows the agent's provider as missing when it has no credential at all", async () => {
    const engine = await readOnce();
    expect(engine.profiles()).toEqual([
      expect.objectContaining({
        id: 'openai-codex:codex-cli',
        status: 'missing',
        detail: 'not logged in to Codex (auth.json is absent)',
      }),
    ]);
  });

  it('shows profiles listed in auth.order, in that order', async () => {
    await writeCodex(codexChatgptAuthJson({ expiresAt: Date.now() + 10 * DAY }));
    const engine = await readOnce({
      configFile: { auth: { order: { 'openai-codex': ['openai-codex:default', 'openai-codex:codex-cli'] } } },
    });
    expect(engine.profiles().map((p) => [p.id, p.status])).toEqual([
      ['openai-codex:default', 'missing'],
      ['openai-codex:codex-cli', 'ok'],
    ]);
    expect(byId(engine.profiles(), 'openai-codex:default')?.detail).toMatch(/clawbar auth login openai-codex/);
  });

  it('remembers a source once seen, so its disappearance shows as missing', async () => {
    await mkdir(h.home.claudeDir, { recursive: true });
    const file = path.join(h.home.claudeDir, '.credentials.json');
    await writeFile(file, claudeCredentialsJson({ expiresAt: Date.now() + DAY * 2 }));
    const first = await readOnce();
    expect(byId(first.profiles(), 'anthropic:claude-cli')?.status).toBe('ok');
    await first.stop(); // waits for the seen-list write
    await (await import('node:fs/promises')).rm(file);
    const second = await readOnce();
    expect(byId(second.profiles(), 'anthropic:claude-cli')).toMatchObject({
      status: 'missing',
      detail: 'not logged in to Claude Code (.credentials.json is absent)',
    });
  });

  it('reads API keys from the environment it is given', async () => {
    const engine = await readOnce({
      env: { OPENAI_API_KEY: 'sk-env-abcdefghijklmnop', ANTHROPIC_API_KEY: 'sk-ant-api03-abcdefghijkl' },
    });
    expect(
      engine
        .profiles()
        .filter((p) => p.source === 'env')
        .map((p) => [p.id, p.status]),
    ).toEqual([
      ['anthropic:env', 'static'],
      ['openai:env', 'static'],
    ]);
  });

  it('decodes a token payload written with base64 padding', async () => {
    const payload = Buffer.from(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 86400 * 3 })).toString('base64');
    await writeCodex(JSON.stringify({ tokens: { access_token: `${base64url('{"alg":"none"}')}.${payload}.sig` } }));
    const engine = await readOnce();
    expect(byId(engine.profiles(), 'openai-codex:codex-cli')).toMatchObject({ status: 'ok', refreshable: false });
  });
});
