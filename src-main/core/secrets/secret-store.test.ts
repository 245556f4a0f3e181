import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { makeTempHome } from '../../../test/fixtures/temp-home.js';

import {
  createFileSecretStore,
  createKeychainStore,
  keychainProblem,
  MAX_SECRET_BYTES,
  SecretStoreUnavailableError,
  SecretTooLargeError,
} from './secret-store.js';

describe('keychain store (real Secret Service)', () => {
  // A unique service per run, so a developer's own keychain entries are never touched.
  const service = `clawbar-test-${randomBytes(4).toString('hex')}`;
  const store = createKeychainStore({ service });

  beforeAll(() => {
    if (!process.env.DBUS_SESSION_BUS_ADDRESS && process.platform === 'linux') {
      throw new Error(
        'keychain tests need the D-Bus session with gnome-keyring that `npm test` starts (scripts/test.sh)',
      );
    }
  });
  afterAll(async () => {
    await store.delete('a');
  });

  it('stores, reads and deletes a secret', async () => {
    expect(await store.get('a')).toBeNull();
    await store.set('a', 'sk-secret-value-1');
    expect(await store.get('a')).toBe('sk-secret-value-1');
    await store.set('a', 'sk-secret-value-2');
    expect(await store.get('a')).toBe('sk-secret-value-2');
    expect(await store.delete('a')).toBe(true);
    expect(await store.get('a')).toBeNull();
    expect(await store.delete('a')).toBe(false);
  });
});

describe('keychain store failures', () => {
  // keytar's own messages, each seen on Debian 12 in the situation named (docs/keychain.md#keytar-on-linux).
  const seen: [string, string, RegExp][] = [
    ['no D-Bus session, no display', 'Cannot autolaunch D-Bus without X11 $DISPLAY', /^no D-Bus session/],
    [
      'a display but no dbus-launch',
      'Error spawning command line “dbus-launch --autolaunch=3d12 --binary-syntax --close-stderr”: Child process exited with code 1',
      /^no D-Bus session/,
    ],
    ['a dead session address', 'Could not connect: No such file or directory', /^the D-Bus session .* does not answer/],
    [
      'a session without gnome-keyring',
      'The name org.freedesktop.secrets was not provided by any .service files',
      /^no Secret Service .* apt-get install gnome-keyring/,
    ],
    ['a locked keyring', 'Cannot create an item in a locked collection', /^the keyring is locked/],
    [
      'a keyring never unlocked',
      'Object does not exist at path “/org/freedesktop/secrets/collection/login”',
      /^the keyring has no login collection yet/,
    ],
    [
      'the addon not built',
      "Cannot find module '../build/Release/keytar.node'",
      /^the keychain addon \(keytar\) is not built — run `npm run setup`/,
    ],
    [
      'libsecret not installed',
      'libsecret-1.so.0: cannot open shared object file: No such file or directory',
      /^libsecret is not installed/,
    ],
    [
      'anything else',
      'The user name or passphrase you entered is not correct.',
      /^the OS keychain refused: The user name/,
    ],
  ];
  for (const [situation, message, cause] of seen) {
    it(`names the cause, in one line, for ${situation}`, async () => {
      const store = createKeychainStore({
        keytar: async () => ({
          getPassword: () => Promise.reject(new Error(`${message}\nmore`)),
          setPassword: () => Promise.reject(new Error('x')),
          deletePassword: () => Promise.reject(new Error('x')),
        }),
      });
      const error = await store.get('a').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SecretStoreUnavailableError);
      const text = (error as Error).message;
      expect(text).toMatch(cause);
      expect(text).toMatch(/; or set "secrets": \{"backend": "file"\} in config\.json$/);
      expect(text).not.toContain('\n');
    });
  }

  it('names a keytar that cannot be loaded', async () => {
    const store = createKeychainStore({
      keytar: () =>
        Promise.reject(
          new SecretStoreUnavailableError(
            keychainProblem(new Error("Cannot find module '../build/Release/keytar.node'")),
          ),
        ),
    });
    await expect(store.get('a')).rejects.toThrow(/^the keychain addon \(keytar\) is not built/);
  });

  it('gives up on a keychain that never answers', async () => {
    const store = createKeychainStore({
      timeoutMs: 50,
      keytar: async () => ({
        getPassword: () => new Promise<string | null>(() => {}),
        setPassword: () => Promise.resolve(),
        deletePassword: () => Promise.resolve(true),
      }),
    });
    await expect(store.get('a')).rejects.toThrow(/^the OS keychain did not answer within 0\.05 s; or set "secrets"/);
  });
});

describe('file store (secrets.backend = "file")', () => {
  const home = makeTempHome();
  afterAll(() => home.cleanup());
  const file = path.join(home.clawbarHome, 'secrets.json');

  it('keeps secrets in a 0600 file inside a 0700 dir, surviving concurrent writes', async () => {
    const store = createFileSecretStore(file);
    expect(await store.get('discord-token')).toBeNull();
    await Promise.all([store.set('discord-token', 'd-token-123'), store.set('openai:default', 'sk-file-123')]);
    expect(await store.get('discord-token')).toBe('d-token-123');
    expect(await store.get('openai:default')).toBe('sk-file-123');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(home.clawbarHome)).mode & 0o777).toBe(0o700);
    expect(await store.delete('discord-token')).toBe(true);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ 'openai:default': 'sk-file-123' });
  });

  it('refuses a secret over 16 KiB in one line, in the file and in the keychain, storing nothing', async () => {
    const huge = 'k'.repeat(MAX_SECRET_BYTES + 1);
    const keychain = createKeychainStore({ keytar: () => Promise.reject(new Error('never reached')) });
    for (const store of [createFileSecretStore(file), keychain]) {
      await expect(store.set('openai:default', huge)).rejects.toThrow(new SecretTooLargeError('the secret'));
    }
    expect(new SecretTooLargeError().message).toBe('the secret is longer than 16 KiB: that is not a key');
    expect(await createFileSecretStore(file).get('openai:default')).toBe('sk-file-123');
  });
});
