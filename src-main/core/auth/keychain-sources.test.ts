// The keychain paths of the Codex and Claude sources, against the real Secret Service of the test
// session (gnome-keyring). Codex's items are written by the real Codex CLI 0.169 (its keyring store,
// docs/keychain.md#codex-auth) and read by the engine's default reader, exactly as on a user's machine.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { AsyncEntry } from '@napi-rs/keyring';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { byId, makeHarness, type Harness } from '../../../test/fixtures/auth-engine-harness.js';
import { claudeCredentialsJson } from '../../../test/fixtures/jwt.js';
import { startFakeOAuthServer } from '../../../test/fixtures/oauth-server.js';
import { realCodexDeviceLogin, runRealCodex } from '../../../test/fixtures/real-codex.js';
import { makeTestCa } from '../../../test/fixtures/test-ca.js';
import { codexKeyringAccount } from '../config/paths.js';

import { CLAUDE_KEYCHAIN_SERVICE, claudeKeychainAccount, claudeKeychainService } from './sources/claude-cli-source.js';
import { createCliKeyringReader } from './sources/cli-keyring.js';
import { CODEX_KEYRING_SERVICE } from './sources/codex-cli-source.js';

let h: Harness;
const cleanups: (() => Promise<unknown> | void)[] = [];

beforeEach(async () => {
  h = makeHarness();
  await mkdir(h.home.codexHome, { recursive: true });
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await h.stopAll();
});

/** Codex keeps its login in the keyring; `codex logout` (the real one) removes the item after the test. */
async function useKeyringStore(store: 'keyring' | 'auto' = 'keyring'): Promise<void> {
  await writeFile(
    path.join(h.home.codexHome, 'config.toml'),
    `cli_auth_credentials_store = "${store}"\n[profiles.x]\nmodel = "m"\n`,
  );
  cleanups.push(() => runRealCodex(['logout'], h.home.env));
}

const cliKeyring = (service: string) => createCliKeyringReader(service);

/** The engine with the reader it uses by default for other programs' items. */
async function profilesWithDefaultReader(env: Record<string, string> = {}) {
  const engine = h.engine({ keychain: cliKeyring, watch: false, env });
  await engine.start();
  return engine.profiles();
}

describe('Codex keyring store, as the real Codex CLI writes it', () => {
  it('finds the API key `codex login --with-api-key` saved in the keyring (keytar cannot)', async () => {
    await useKeyringStore();
    const login = await runRealCodex(['login', '--with-api-key'], h.home.env, { stdin: 'sk-test-keyring-123456' });
    expect(login.code).toBe(0);
    // Saved in the keyring only: no auth.json next to it.
    expect(existsSync(path.join(h.home.codexHome, 'auth.json'))).toBe(false);
    expect((await runRealCodex(['login', 'status'], h.home.env)).stderr).toContain('API key configured');

    const profiles = await profilesWithDefaultReader();
    expect(byId(profiles, 'openai:codex-cli')).toMatchObject({
      status: 'static',
      source: 'codex-cli',
      type: 'api_key',
    });
    expect(JSON.stringify(profiles)).not.toContain('sk-test-keyring-123456');
  });

  it('finds a ChatGPT login the real `codex login --device-auth` saved in the keyring', async () => {
    await useKeyringStore('auto');
    const ca = makeTestCa();
    cleanups.push(ca.cleanup);
    const server = await startFakeOAuthServer({}, { key: ca.key, cert: ca.cert });
    cleanups.push(server.close);
    const login = await realCodexDeviceLogin({ ...h.home.env, SSL_CERT_FILE: ca.caFile }, server.url, (code) =>
      server.approveDevice(code),
    );
    expect(login.code).toBe(0);
    expect(existsSync(path.join(h.home.codexHome, 'auth.json'))).toBe(false);

    const profile = byId(await profilesWithDefaultReader(), 'openai-codex:codex-cli');
    expect(profile).toMatchObject({
      status: 'ok',
      source: 'codex-cli',
      email: 'own@example.com',
      plan: 'plus',
      refreshable: true,
    });
    expect(profile!.remainingMs).toBeGreaterThan(9 * 86_400_000);
  }, 60_000);

  it('reports a garbled item as missing without its content', async () => {
    await useKeyringStore('auto');
    // Codex never writes this: put it where Codex would, through the same keyring crate.
    const entry = new AsyncEntry(CODEX_KEYRING_SERVICE, codexKeyringAccount(h.home.codexHome));
    await entry.setPassword('{"tokens": {"access_token": "eyJnot-a-jwt');
    cleanups.push(() => entry.deletePassword());
    const profile = byId(await profilesWithDefaultReader(), 'openai-codex:codex-cli')!;
    expect(profile).toMatchObject({ status: 'missing', detail: 'the Codex keychain item is not valid JSON' });
  });

  it('ignores the keyring while config.toml keeps the default file store', async () => {
    await useKeyringStore();
    expect((await runRealCodex(['login', '--with-api-key'], h.home.env, { stdin: 'sk-test-file-1' })).code).toBe(0);
    await writeFile(path.join(h.home.codexHome, 'config.toml'), '');
    expect(byId(await profilesWithDefaultReader(), 'openai:codex-cli')).toBeUndefined();
  });
});

describe('Claude Code keychain item (macOS)', () => {
  const claudeUser = `test-user-${randomBytes(4).toString('hex')}`;

  /** An item where Claude Code keeps it on macOS: a generic password, service + account (docs/claude-code.md#keychain-item). */
  async function claudeItem(service: string, expiresAt: number, subscriptionType: string): Promise<void> {
    const entry = new AsyncEntry(service, claudeUser);
    await entry.setPassword(claudeCredentialsJson({ expiresAt, subscriptionType }));
    cleanups.push(() => entry.deletePassword());
  }

  async function claudeProfiles(platform: NodeJS.Platform, env: Record<string, string>, configFile = {}) {
    const engine = h.engine({
      keychain: cliKeyring,
      watch: false,
      platform,
      env: { USER: claudeUser, ...env },
      configFile,
    });
    await engine.start();
    return engine.profiles();
  }

  it('names the item as Claude Code does: plain without CLAUDE_CONFIG_DIR, else with the hash of the dir as given', () => {
    expect(claudeKeychainService(undefined)).toBe('Claude Code-credentials');
    expect(claudeKeychainService('')).toBe('Claude Code-credentials');
    // `printf '%s' /Users/ann/.claude-work | sha256sum`: 202f7ba6…
    expect(claudeKeychainService('/Users/ann/.claude-work')).toBe('Claude Code-credentials-202f7ba6');
    // NFC first: a decomposed "café" hashes as the composed one (850f7dc4…, not 81ef060b…).
    expect(claudeKeychainService('cafe\u0301')).toBe('Claude Code-credentials-850f7dc4');
    expect(claudeKeychainAccount('ann')).toBe('ann');
    expect(claudeKeychainAccount('Ann Smith')).toBe('claude-code-user');
  });

  it('reads `Claude Code-credentials` on darwin without CLAUDE_CONFIG_DIR, and never on linux', async () => {
    await claudeItem(CLAUDE_KEYCHAIN_SERVICE, Date.now() + 3_600_000, 'pro');
    const noConfigDir = { CLAUDE_CONFIG_DIR: '' };
    expect(byId(await claudeProfiles('darwin', noConfigDir), 'anthropic:claude-cli')).toMatchObject({
      status: 'expiring',
      plan: 'pro',
    });
    expect(byId(await claudeProfiles('linux', noConfigDir), 'anthropic:claude-cli')).toBeUndefined();
  });

  it('reads the hashed item of CLAUDE_CONFIG_DIR, not the plain one', async () => {
    await claudeItem(CLAUDE_KEYCHAIN_SERVICE, Date.now() + 3_600_000, 'pro');
    expect(byId(await claudeProfiles('darwin', {}), 'anthropic:claude-cli')).toBeUndefined();
    await claudeItem(claudeKeychainService(h.home.claudeDir), Date.now() + 6 * 3_600_000, 'max');
    expect(byId(await claudeProfiles('darwin', {}), 'anthropic:claude-cli')).toMatchObject({
      status: 'ok',
      plan: 'max',
    });
  });

  it("reads each account's own item, named for its config dir", async () => {
    const home = path.join(h.home.root, '.claude-work');
    await claudeItem(claudeKeychainService(home), Date.now() + 6 * 3_600_000, 'team');
    const accounts = { accounts: { anthropic: [{ id: 'work', home }] } };
    const profiles = await claudeProfiles('darwin', {}, accounts);
    expect(byId(profiles, 'anthropic:claude-cli@work')).toMatchObject({ status: 'ok', plan: 'team' });
    expect(byId(profiles, 'anthropic:claude-cli')).toBeUndefined();
  });
});
