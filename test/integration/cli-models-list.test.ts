import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest';

import { buildCli, type BuiltCli } from '../fixtures/build-cli.js';
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

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [built.cli, ...args], { env: home.env, stdio: ['ignore', 'pipe', 'pipe'] });
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
    expect(lines[0]).toMatch(/^Model\s+Input\s+Ctx\s+Local\s+Auth\s+Tags$/);
    expect(lines[1]).toMatch(/^openai-codex\/gpt-6\.1-sol\s+text\+image\s+272k\s+no\s+ok\s+default,configured$/);
    expect(lines[2]).toMatch(
      /^anthropic\/claude-sonnet-4-6\s+text\+image\s+200k\s+no\s+missing\s+fallback#1,configured,missing$/,
    );
    expect(lines).toHaveLength(3);
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
    });
    expect(models.length).toBeGreaterThan(5);
    expect(new Set(models.map((m) => m.key)).size).toBe(models.length);
    const claude = models.find((m) => m.key === 'anthropic/claude-haiku-4-5')!;
    expect(claude).toMatchObject({ auth: 'missing', tags: ['missing'] });
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
