// Issue 18's report, replayed: the real Codex CLI 0.169 keeps its login in the keyring
// (`cli_auth_credentials_store = "keyring"`, docs/keychain.md#codex-auth), and the built `clawbar
// models status` must find it — inside the test session's gnome-keyring, as a Linux user has it.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { useBuiltCli } from '../fixtures/cli.js';
import { runRealCodex } from '../fixtures/real-codex.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';

const clawbar = useBuiltCli();
let home: TempHome;

beforeEach(async () => {
  home = makeTempHome();
  await mkdir(home.codexHome, { recursive: true });
  await writeFile(path.join(home.codexHome, 'config.toml'), 'cli_auth_credentials_store = "keyring"\n');
  const login = await runRealCodex(['login', '--with-api-key'], home.env, { stdin: 'sk-test-ring-9876543210' });
  expect(login.code).toBe(0);
  expect(existsSync(path.join(home.codexHome, 'auth.json'))).toBe(false);
});
afterEach(async () => {
  // The real CLI removes its own item.
  await runRealCodex(['logout'], home.env);
  home.cleanup();
});

interface ProfileJson {
  id: string;
  status: string;
  detail?: string;
}

async function profile(id: string, env: Record<string, string>): Promise<ProfileJson | undefined> {
  const run = await clawbar.run(['models', 'status', '--json', '--no-usage'], env);
  expect(run.stdout).not.toContain('sk-test-ring');
  const report = JSON.parse(run.stdout) as { profiles: ProfileJson[] };
  return report.profiles.find((p) => p.id === id);
}

describe('clawbar models status with Codex logged in through the keyring', () => {
  it('finds the login (it said "neither auth.json nor a keychain item" before)', async () => {
    expect(await profile('openai:codex-cli', home.env)).toMatchObject({ status: 'static' });
  });

  it('says the keychain is unreachable, not "not logged in", without a D-Bus session', async () => {
    const env = { ...home.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(home.root, 'no-bus')}` };
    // The agent's Codex profile, which the login would be if the keychain answered.
    expect(await profile('openai-codex:codex-cli', env)).toMatchObject({
      status: 'missing',
      detail: 'Codex keeps its login in the keychain, which is not reachable',
    });
  });
});
