// `clawbar accounts add|list|remove` and `relogin --account` as a user runs them: the built CLI in a
// child process, a temp home, and a fake codex that writes its login where CODEX_HOME points.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { useBuiltCli } from '../fixtures/cli.js';
import { writeFakeCli, type FakeCli } from '../fixtures/fake-cli.js';
import { codexChatgptAuthJson } from '../fixtures/jwt.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';

const cli = useBuiltCli();
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function setup(): { home: TempHome; fake: FakeCli; env: Record<string, string>; configFile: string } {
  const home = makeTempHome('clawbar-accounts-');
  const fake = writeFakeCli({ login: { outcome: 'success', email: 'work@example.com' } });
  cleanups.push(home.cleanup, fake.cleanup);
  mkdirSync(home.clawbarHome, { recursive: true });
  const configFile = path.join(home.clawbarHome, 'config.json');
  writeFileSync(configFile, JSON.stringify({ secrets: { backend: 'file' } }));
  // No browser opener on PATH: the URL is printed, nothing is launched.
  const env = { ...home.env, PATH: path.dirname(process.execPath), CLAWBAR_CODEX_BIN: fake.codex };
  return { home, fake, env, configFile };
}

const readConfig = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

describe('clawbar accounts', () => {
  it('adds an account: writes config.json, runs codex login into the new home, and lists it logged in', async () => {
    const { home, fake, env, configFile } = setup();
    mkdirSync(home.codexHome, { recursive: true });
    const defaultAuth = codexChatgptAuthJson({ expiresAt: Date.now() + 5 * 86_400_000 });
    writeFileSync(path.join(home.codexHome, 'auth.json'), defaultAuth);

    const add = await cli.run(['accounts', 'add', 'openai-codex', 'work', '--label', 'Work'], env);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const workHome = path.join(home.root, '.codex-work');
    expect(add.stdout).toContain(`added openai-codex@work (home ${workHome}) to config.json`);
    expect(add.stdout).toMatch(/✓ openai-codex:codex-cli@work ok, expires in 9d 23h\n$/);
    expect(readConfig(configFile).accounts).toEqual({
      'openai-codex': [{ id: 'work', label: 'Work', home: '~/.codex-work' }],
    });
    expect(fake.calls()[0]).toMatchObject({ which: 'codex', argv: ['login'], codexHome: workHome });
    expect(existsSync(path.join(workHome, 'auth.json'))).toBe(true);
    // The default login was not touched.
    expect(readFileSync(path.join(home.codexHome, 'auth.json'), 'utf8')).toBe(defaultAuth);

    const list = await cli.run(['accounts', 'list'], env);
    expect(list.stdout).toBe(`- openai-codex@work "Work" ok (work@example.com) ${workHome}\n`);
    const json = JSON.parse((await cli.run(['accounts', 'list', '--json'], env)).stdout) as {
      accounts: Record<string, unknown>[];
    };
    expect(json.accounts).toEqual([
      expect.objectContaining({
        provider: 'openai-codex',
        id: 'work',
        profileId: 'openai-codex:codex-cli@work',
        status: 'ok',
      }),
    ]);
  });

  it('adds without a login, re-logs that account in with relogin --account, and removes it leaving its home', async () => {
    const { home, fake, env, configFile } = setup();
    const dir = path.join(home.root, 'elsewhere', 'codex-two');
    const add = await cli.run(['accounts', 'add', 'openai-codex', 'two', '--home', dir, '--no-login'], env);
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('log it in with: clawbar relogin codex --account two');
    expect(fake.calls()).toEqual([]);
    expect((await cli.run(['accounts', 'list'], env)).stdout).toMatch(
      /^- openai-codex@two missing .*auth\.json is absent/,
    );

    const relogin = await cli.run(['relogin', 'codex', '--account', 'two'], env);
    expect(relogin.code).toBe(0);
    expect(fake.calls()[0]?.codexHome).toBe(dir);
    expect(existsSync(path.join(dir, 'auth.json'))).toBe(true);

    const remove = await cli.run(['accounts', 'remove', 'openai-codex', 'two'], env);
    expect(remove.stdout).toBe(`removed openai-codex@two from config.json; its home ${dir} is left as it is\n`);
    expect(readConfig(configFile)).toEqual({ secrets: { backend: 'file' } });
    expect(existsSync(path.join(dir, 'auth.json'))).toBe(true);
  });

  it('refuses in one line: an unknown provider, a bad id, a second add, an unknown account, leaving config.json as it was', async () => {
    const { env, configFile } = setup();
    const before = readFileSync(configFile, 'utf8');
    const cases: [string[], string][] = [
      [['accounts', 'add', 'openai', 'x'], 'clawbar: openai has no CLI accounts — use one of: openai-codex, anthropic'],
      [
        ['accounts', 'add', 'anthropic', 'Bad Id', '--no-login'],
        'clawbar: the account name "Bad Id" must be 1–32 lower-case letters, digits, "-" or "_" (e.g. "work")',
      ],
      [
        ['accounts', 'remove', 'anthropic', 'nope'],
        'clawbar: anthropic has no account "nope" (see clawbar accounts list)',
      ],
      [['relogin', 'claude', '--account', 'nope'], 'clawbar: no account "nope" for anthropic in config.json accounts'],
    ];
    for (const [args, message] of cases) {
      const run = await cli.run(args, env);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(readFileSync(configFile, 'utf8')).toBe(before);
    }
    expect((await cli.run(['accounts', 'add', 'anthropic', 'p', '--no-login'], env)).code).toBe(0);
    const again = await cli.run(['accounts', 'add', 'anthropic', 'p', '--no-login'], env);
    expect(again.stderr).toBe('clawbar: anthropic already has an account "p"\n');
  });
});
