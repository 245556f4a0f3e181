// The keychain paths of the Codex and Claude sources, against the real Secret Service of the test
// session (gnome-keyring), under the service names the real CLIs use.
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { byId, makeHarness, type Harness } from '../../../test/fixtures/auth-engine-harness.js';
import { claudeCredentialsJson, codexChatgptAuthJson } from '../../../test/fixtures/jwt.js';
import { codexKeyringAccount } from '../config/paths.js';
import { createKeychainStore } from '../secrets/secret-store.js';

const DAY = 86_400_000;
const codexItems = createKeychainStore({ service: 'Codex Auth' });
const claudeItems = createKeychainStore({ service: 'Claude Code-credentials' });
const keychain = (service: string) => createKeychainStore({ service });
let h: Harness;
let codexAccount: string;
const claudeUser = `test-user-${randomBytes(4).toString('hex')}`;

beforeEach(async () => {
  h = makeHarness();
  await mkdir(h.home.codexHome, { recursive: true });
  codexAccount = codexKeyringAccount(h.home.codexHome);
});
afterEach(async () => {
  await codexItems.delete(codexAccount);
  await claudeItems.delete(claudeUser);
  await h.stopAll();
});

describe('Codex keyring store', () => {
  it('reads the `Codex Auth` item when config.toml says keyring and auth.json is absent', async () => {
    await writeFile(
      path.join(h.home.codexHome, 'config.toml'),
      'cli_auth_credentials_store = "keyring"\n[profiles.x]\nmodel = "m"\n',
    );
    const compact = JSON.stringify(
      JSON.parse(codexChatgptAuthJson({ expiresAt: Date.now() + 6 * DAY, email: 'ring@example.com' })),
    );
    await codexItems.set(codexAccount, compact);
    const engine = h.engine({ keychain, watch: false });
    await engine.start();
    expect(byId(engine.profiles(), 'openai-codex:codex-cli')).toMatchObject({
      status: 'ok',
      email: 'ring@example.com',
      source: 'codex-cli',
    });
  });

  it('ignores the keychain while config.toml keeps the default file store', async () => {
    await codexItems.set(codexAccount, codexChatgptAuthJson({ expiresAt: Date.now() + 6 * DAY }));
    const engine = h.engine({ keychain, watch: false });
    await engine.start();
    expect(byId(engine.profiles(), 'openai-codex:codex-cli')).toMatchObject({ status: 'missing' });
  });

  it('reports a garbled keychain item as missing without its content', async () => {
    await writeFile(path.join(h.home.codexHome, 'config.toml'), "cli_auth_credentials_store = 'auto'\n");
    await codexItems.set(codexAccount, '{"tokens": {"access_token": "eyJnot-a-jwt');
    const engine = h.engine({ keychain, watch: false });
    await engine.start();
    const profile = byId(engine.profiles(), 'openai-codex:codex-cli')!;
    expect(profile).toMatchObject({ status: 'missing', detail: 'the Codex keychain item is not valid JSON' });
  });
});

describe('Claude Code keychain item (macOS)', () => {
  it('reads `Claude Code-credentials` on darwin when the file is absent', async () => {
    await claudeItems.set(
      claudeUser,
      claudeCredentialsJson({ expiresAt: Date.now() + 3_600_000, subscriptionType: 'pro' }),
    );
    const engine = h.engine({ keychain, watch: false, platform: 'darwin', env: { USER: claudeUser } });
    await engine.start();
    expect(byId(engine.profiles(), 'anthropic:claude-cli')).toMatchObject({ status: 'expiring', plan: 'pro' });

    const linux = h.engine({ keychain, watch: false, platform: 'linux', env: { USER: claudeUser } });
    await linux.start();
    expect(byId(linux.profiles(), 'anthropic:claude-cli')).toBeUndefined();
  });
});
