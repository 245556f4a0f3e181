// The reader of other programs' keychain items when the keyring cannot answer: each failure is a
// SecretStoreUnavailableError with a hint, never a hang and never "no item". Its reads of real
// items (written by the real Codex CLI) are in keychain-sources.test.ts.
import { describe, expect, it } from 'vitest';

import { SecretStoreUnavailableError } from '../../secrets/secret-store.js';

import { createCliKeyringReader, type KeyringModule } from './cli-keyring.js';

/** A keyring module whose reads do `read` (the real one's error texts below are @napi-rs/keyring 2.1.2's). */
function keyring(read: (signal?: AbortSignal) => Promise<string | null>, seen: unknown[] = []): KeyringModule {
  return {
    AsyncEntry: class {
      constructor(...args: unknown[]) {
        seen.push(args);
      }
      getPassword = read;
    },
  };
}

describe('CLI keyring reader', () => {
  it('asks the Secret Service only, for the service and account it is given', async () => {
    const seen: unknown[] = [];
    const reader = createCliKeyringReader('Codex Auth', { load: async () => keyring(async () => '{}', seen) });
    expect(await reader.get('cli|0123456789abcdef')).toBe('{}');
    expect(seen).toEqual([['Codex Auth', 'cli|0123456789abcdef', { linux: { store: 'secret-service' } }]]);
  });

  it('names the cause of a platform failure in one line', async () => {
    const reader = createCliKeyringReader('Codex Auth', {
      load: async () =>
        keyring(() =>
          Promise.reject(
            new Error(
              'Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead',
            ),
          ),
        ),
    });
    const error = await reader.get('cli|x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretStoreUnavailableError);
    expect((error as Error).message).toMatch(/^no D-Bus session \(DBUS_SESSION_BUS_ADDRESS is not set\)/);
  });

  it('gives up on a keyring that never answers and aborts the read', async () => {
    let signal: AbortSignal | undefined;
    const reader = createCliKeyringReader('Codex Auth', {
      timeoutMs: 100,
      load: async () =>
        keyring((s) => {
          signal = s;
          return new Promise(() => {});
        }),
    });
    await expect(reader.get('cli|x')).rejects.toThrow(/^the OS keychain did not answer within 0.1 s/);
    expect(signal?.aborted).toBe(true);
  });
});
