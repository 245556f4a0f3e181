import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { makeTempHome, type TempHome } from '../../../test/fixtures/temp-home.js';
import { ownLogin } from '../providers/registry.js';
import { createKeychainStore, type SecretStore } from '../secrets/secret-store.js';

import { createOwnStore, readAuthProfilesFile } from './own-store.js';

const OWN_CODEX_PROFILE_ID = ownLogin().profileId;

let home: TempHome;
let secrets: SecretStore;
let file: string;
const service = `clawbar-test-${randomBytes(4).toString('hex')}`;

beforeEach(() => {
  home = makeTempHome();
  file = path.join(home.clawbarHome, 'auth-profiles.json');
  // The real keychain (gnome-keyring in the test session), under a throw-away service name.
  secrets = createKeychainStore({ service });
});
afterEach(async () => {
  for (const account of [OWN_CODEX_PROFILE_ID, 'openai:default']) await secrets.delete(account);
  home.cleanup();
});

describe('own profile store', () => {
  it('saves an own OAuth login: tokens in the keychain, metadata (no token) in auth-profiles.json', async () => {
    const store = createOwnStore({ file, secrets, now: () => Date.UTC(2026, 10, 25) });
    const expiresAt = Date.UTC(2026, 11, 5);
    await store.saveOAuth({
      accessToken: 'own-access-abcdefgh',
      refreshToken: 'own-refresh-abcdefgh',
      expiresAt,
      email: 'me@example.com',
      accountId: 'acct-me',
    });
    const text = await readFile(file, 'utf8');
    expect(text).not.toMatch(/own-access|own-refresh/);
    expect(JSON.parse(text)).toEqual({
      version: 1,
      profiles: {
        [OWN_CODEX_PROFILE_ID]: {
          provider: 'openai-codex',
          type: 'oauth',
          source: 'clawbar',
          expiresAt,
          email: 'me@example.com',
          accountId: 'acct-me',
          updatedAt: '2026-11-25T00:00:00.000Z',
        },
      },
      seen: [OWN_CODEX_PROFILE_ID],
    });
    expect(await store.readOAuth()).toEqual({
      accessToken: 'own-access-abcdefgh',
      refreshToken: 'own-refresh-abcdefgh',
      expiresAt,
      email: 'me@example.com',
      accountId: 'acct-me',
    });
  });

  it('stores an API key as <provider>:default and deletes it again', async () => {
    const store = createOwnStore({ file, secrets });
    expect(await store.saveApiKey('openai', 'sk-own-key-abcdefgh')).toBe('openai:default');
    expect(await secrets.get('openai:default')).toBe('sk-own-key-abcdefgh');
    expect((await store.read()).profiles['openai:default']).toMatchObject({ type: 'api_key', source: 'keychain' });
    await store.deleteProfile('openai:default');
    expect(await secrets.get('openai:default')).toBeNull();
    expect((await store.read()).profiles).toEqual({});
    expect(await store.readOAuth()).toBeNull();
  });

  it('remembers seen sources without duplicates and refuses a corrupt file in one line', async () => {
    const store = createOwnStore({ file, secrets });
    await store.rememberSeen(['openai-codex:codex-cli']);
    await store.rememberSeen(['openai-codex:codex-cli', 'anthropic:claude-cli']);
    expect((await store.read()).seen).toEqual(['anthropic:claude-cli', 'openai-codex:codex-cli']);
    await (await import('node:fs/promises')).writeFile(file, '[1]');
    await expect(readAuthProfilesFile(file)).rejects.toThrow(/^auth-profiles\.json: \(top level\) /);
  });
});
