import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';

import { buildCli, type BuiltCli } from '../fixtures/build-cli.js';
import { startFakeLlmServer } from '../fixtures/fake-llm-server.js';
import { codexChatgptAuthJson } from '../fixtures/jwt.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';

import type { ModelView } from '../../src-shared/protocol/index.js';

let built: BuiltCli;
let home: TempHome;

beforeAll(async () => {
  built = await buildCli();
});
afterAll(() => built.cleanup());
beforeEach(() => {
  home = makeTempHome();
});
afterEach(() => home.cleanup());

function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [built.cli, ...args], {
      env: { ...home.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function setup(agent: Record<string, unknown>): string {
  mkdirSync(home.clawbarHome, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(home.clawbarHome, 'config.json'), JSON.stringify({ agent, secrets: { backend: 'file' } }));
  mkdirSync(home.codexHome, { recursive: true });
  const auth = codexChatgptAuthJson({ expiresAt: Date.now() + 10 * 24 * 3600_000 });
  writeFileSync(path.join(home.codexHome, 'auth.json'), auth);
  return (JSON.parse(auth) as { tokens: { access_token: string } }).tokens.access_token;
}

describe('clawbar models list', () => {
  it('prints the configured models with their auth and tags', async () => {
    const token = setup({ model: 'openai-codex/gpt-6.1-sol', fallbacks: ['anthropic/claude-sonnet-4-6'] });
    const { code, stdout, stderr } = await run(['models', 'list']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Model\s+Input\s+Ctx\s+Local\s+Auth\s+Source\s+Tags$/);
    expect(lines[1]).toMatch(
      /^openai-codex\/gpt-6\.1-sol\s+text\+image\s+272k\s+no\s+ok\s+built-in\s+default,configured$/,
    );
    expect(lines[2]).toMatch(
      /^anthropic\/claude-sonnet-4-6\s+text\+image\s+200k\s+no\s+missing\s+built-in\s+fallback#1,configured,missing$/,
    );
    // Then where each provider's list comes from: nothing fetched yet, so the built-in ones.
    expect(lines.slice(3)).toEqual([
      '',
      'openai-codex: built-in',
      'anthropic: built-in',
      'openai: built-in',
      'bedrock: built-in',
    ]);
    expect(stdout).not.toContain(token);
  });

  it('--json prints {models} and --all adds the rest of the catalog', async () => {
    setup({ model: 'openai-codex/gpt-6.1-sol' });
    const { code, stdout } = await run(['models', 'list', '--json', '--all']);
    expect(code).toBe(0);
    const { models } = JSON.parse(stdout) as { models: ModelView[] };
    expect(models[0]).toEqual({
      key: 'openai-codex/gpt-6.1-sol',
      provider: 'openai-codex',
      name: 'gpt-6.1-sol',
      input: ['text', 'image'],
      contextWindow: 272_000,
      local: false,
      auth: 'ok',
      tags: ['default', 'configured'],
      source: 'built-in',
    });
    expect(models.length).toBeGreaterThan(5);
    expect(new Set(models.map((m) => m.key)).size).toBe(models.length);
    const claude = models.find((m) => m.key === 'anthropic/claude-haiku-4-5')!;
    expect(claude).toMatchObject({ auth: 'missing', tags: ['missing'] });
  });

  it('--live fetches the Codex backend’s list, shows it as live, then as cached', async () => {
    const server = await startFakeLlmServer({
      // The fields of the real list (`codex debug models --bundled`) that clawbar reads.
      codexModels: {
        models: [
          {
            slug: 'gpt-7-sol',
            visibility: 'list',
            priority: 1,
            context_window: 400_000,
            input_modalities: ['text', 'image'],
          },
          {
            slug: 'gpt-6.1-sol',
            visibility: 'list',
            priority: 2,
            context_window: 272_000,
            input_modalities: ['text', 'image'],
          },
          {
            slug: 'codex-auto-review',
            visibility: 'hide',
            priority: 3,
            context_window: 272_000,
            input_modalities: ['text'],
          },
        ],
      },
    });
    try {
      const token = setup({ model: 'openai-codex/gpt-6.1-sol', fallbacks: ['openai-codex/gpt-5.2'] });
      const live = await run(['models', 'list', '--live'], { CLAWBAR_CHATGPT_BASE_URL: server.chatgptBaseUrl });
      expect(live.stderr).toBe('');
      const lines = live.stdout.trimEnd().split('\n');
      expect(lines[1]).toMatch(
        /^openai-codex\/gpt-6\.1-sol\s+text\+image\s+272k\s+no\s+ok\s+live\s+default,configured$/,
      );
      expect(lines[2]).toMatch(
        /^openai-codex\/gpt-5\.2\s.*\s-\s+fallback#1,configured,gone,try openai-codex\/gpt-7-sol$/,
      );
      expect(lines[4]).toMatch(/^openai-codex: live, fetched \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
      // The providers with no usable login here are not asked.
      expect(lines.slice(5)).toEqual(
        ['anthropic', 'openai', 'bedrock'].map((p) => `${p}: built-in (live list unavailable: no usable login)`),
      );
      expect(live.stdout).not.toContain(token);

      await server.close();
      const cached = await run(['models', 'list', '--all', '--json']);
      const { models, catalogs } = JSON.parse(cached.stdout) as { models: ModelView[]; catalogs: unknown[] };
      expect(catalogs[0]).toMatchObject({ provider: 'openai-codex', source: 'cached' });
      expect(models.filter((m) => m.provider === 'openai-codex').map((m) => [m.key, m.source])).toEqual([
        ['openai-codex/gpt-6.1-sol', 'cached'],
        ['openai-codex/gpt-5.2', undefined],
        ['openai-codex/gpt-7-sol', 'cached'],
      ]);
    } finally {
      await server.close().catch(() => {});
    }
  });

  it('names a bad config file in one line', async () => {
    mkdirSync(home.clawbarHome, { recursive: true });
    writeFileSync(path.join(home.clawbarHome, 'config.json'), '{"agent":{"modle":"x"}}');
    const { code, stderr } = await run(['models', 'list']);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('agent.modle is not a known setting');
  });
});
