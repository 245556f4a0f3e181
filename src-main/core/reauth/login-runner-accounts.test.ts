// The login runner with accounts (issue 17): an account's re-login runs its CLI with that
// account's home (CODEX_HOME / CLAUDE_CONFIG_DIR), so the CLI writes there and nowhere else.
// Real processes: the fake codex/claude write their files as the real CLIs do.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { writeFakeCli } from '../../../test/fixtures/fake-cli.js';
import { captureLogs } from '../../../test/fixtures/reauth-helpers.js';
import { makeTempHome } from '../../../test/fixtures/temp-home.js';
import { fixedConfig } from '../config/config-source.js';
import { resolveConfig } from '../config/load.js';

import { createLoginRunner } from './login-runner.js';
import { LoginError } from './types.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function setup(options: { held?: boolean } = {}) {
  const home = makeTempHome();
  const fake = writeFakeCli({ login: { outcome: 'success' } });
  // Held logins wait for the fake's go file, so two can be seen running at once.
  if (options.held) fake.configure({ login: { outcome: 'success', goFile: fake.goFile } });
  const logs = captureLogs();
  const workHome = path.join(home.root, 'homes', 'codex-work');
  const claudeHome = path.join(home.root, 'homes', 'claude-two');
  const config = resolveConfig(
    {
      accounts: {
        'openai-codex': [{ id: 'work', home: workHome }],
        anthropic: [{ id: 'two', home: claudeHome }],
      },
      reauth: { codex: { command: fake.codex }, claude: { command: fake.claude } },
    },
    home.env,
  );
  const runner = createLoginRunner({
    config: fixedConfig(config),
    auth: { reload: () => Promise.resolve([]) },
    openUrl: () => undefined,
    env: home.env,
    killGraceMs: 300,
    platform: 'linux',
  });
  cleanups.push(home.cleanup, fake.cleanup, logs.restore, () => runner.dispose());
  return { home, fake, runner, workHome, claudeHome };
}

describe('login runner with accounts', () => {
  it('signs an account in with its own home, creating it, and writes nothing in the default home', async () => {
    const { home, fake, runner, workHome } = setup();
    mkdirSync(home.codexHome, { recursive: true });
    writeFileSync(path.join(home.codexHome, 'auth.json'), '{"untouched":true}');
    const outcome = await runner.wait(runner.start('openai-codex:codex-cli@work').loginId);
    expect(outcome.view.state).toBe('succeeded');
    expect(fake.calls()[0]).toMatchObject({ which: 'codex', argv: ['login'], codexHome: workHome });
    const written = JSON.parse(readFileSync(path.join(workHome, 'auth.json'), 'utf8')) as { auth_mode: string };
    expect(written.auth_mode).toBe('chatgpt');
    expect(readFileSync(path.join(home.codexHome, 'auth.json'), 'utf8')).toBe('{"untouched":true}');
  });

  it('runs the Claude account login with CLAUDE_CONFIG_DIR set to its dir', async () => {
    const { fake, runner, claudeHome } = setup();
    const outcome = await runner.wait(runner.start('anthropic:claude-cli@two').loginId);
    expect(outcome.view.state).toBe('succeeded');
    expect(fake.calls()[0]).toMatchObject({ which: 'claude', claudeConfigDir: claudeHome });
    expect(existsSync(path.join(claudeHome, '.credentials.json'))).toBe(true);
  });

  it('runs the default login and an account login side by side; a second start of either joins it', async () => {
    const { home, fake, runner } = setup({ held: true });
    const first = runner.start('openai-codex:codex-cli');
    const work = runner.start('openai-codex:codex-cli@work');
    expect(work.loginId).not.toBe(first.loginId);
    expect(runner.start('openai-codex:codex-cli@work').loginId).toBe(work.loginId);
    expect(runner.start('openai-codex:codex-cli').loginId).toBe(first.loginId);
    fake.go();
    expect((await runner.wait(first.loginId)).view.state).toBe('succeeded');
    expect((await runner.wait(work.loginId)).view.state).toBe('succeeded');
    expect(
      fake
        .calls()
        .map((c) => c.codexHome)
        .sort(),
    ).toEqual([home.codexHome, expect.stringContaining('codex-work')].sort());
  });

  it('refuses an account that config.json does not list, in one line', () => {
    const { runner } = setup();
    expect(() => runner.start('openai-codex:codex-cli@nope')).toThrow(LoginError);
    expect(() => runner.start('openai-codex:codex-cli@nope')).toThrow(
      'no account "nope" for openai-codex in config.json accounts',
    );
  });

  it('fails in one line when the account home cannot be created', async () => {
    const { runner, workHome } = setup();
    mkdirSync(path.dirname(workHome), { recursive: true });
    writeFileSync(workHome, 'a file where the home should be');
    const outcome = await runner.wait(runner.start('openai-codex:codex-cli@work').loginId);
    expect(outcome.view).toMatchObject({
      state: 'failed',
      error: `cannot create the account's home ${workHome}: EEXIST`,
    });
  });
});
