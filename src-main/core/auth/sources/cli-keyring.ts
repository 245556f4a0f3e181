// Other programs' keychain items (Codex's `Codex Auth`, Claude Code's `Claude Code-credentials…`),
// read the way their CLIs write them. Codex stores its login through the Rust `keyring` crate,
// whose Secret Service item on Linux carries the attributes `service`, `username`, `target` and
// `application`; keytar searches `service` + `account` and never finds it
// (docs/keychain.md#codex-auth). @napi-rs/keyring wraps that same crate, so it finds the item on
// every platform; on macOS both name the same generic password (service + account), which is also
// how Claude Code's item is found there. Read-only by type: clawbar never writes these items.
import { keychainProblem, SecretStoreUnavailableError, withTimeout } from '../../secrets/secret-store.js';

/** The one thing a source may do with another program's keychain item. */
export interface KeychainReader {
  /** The item's text, or null when there is none. Throws SecretStoreUnavailableError when unreachable. */
  get(account: string): Promise<string | null>;
}

/** The part of @napi-rs/keyring used here (a parameter so tests can hand in one that fails). */
export interface KeyringModule {
  AsyncEntry: new (
    service: string,
    username: string,
    options?: { linux?: { store?: 'secret-service' | 'keyutils' } },
  ) => { getPassword(signal?: AbortSignal): Promise<string | null> };
}

async function loadKeyring(): Promise<KeyringModule> {
  try {
    return (await import('@napi-rs/keyring')) as KeyringModule;
  } catch (error) {
    throw new SecretStoreUnavailableError(keychainProblem(error));
  }
}

export interface CliKeyringOptions {
  /** How long one read may take before it counts as unreachable (a D-Bus activation can hang); default 5 s. */
  timeoutMs?: number;
  load?: () => Promise<KeyringModule>;
}

/**
 * A reader of `service`'s items. On Linux it asks the Secret Service only: the crate's default
 * falls back to the kernel keyring when there is no D-Bus session, which would make an unreachable
 * keyring look like "not logged in" (docs/keychain.md#codex-auth).
 */
export function createCliKeyringReader(service: string, options: CliKeyringOptions = {}): KeychainReader {
  const timeoutMs = options.timeoutMs ?? 5000;
  const load = options.load ?? loadKeyring;
  let keyring: Promise<KeyringModule> | undefined;
  return {
    async get(account) {
      keyring ??= load();
      const { AsyncEntry } = await keyring;
      const abort = new AbortController();
      try {
        const entry = new AsyncEntry(service, account, { linux: { store: 'secret-service' } });
        return await withTimeout(entry.getPassword(abort.signal), timeoutMs);
      } catch (error) {
        abort.abort();
        if (error instanceof SecretStoreUnavailableError) throw error;
        throw new SecretStoreUnavailableError(keychainProblem(error));
      }
    },
  };
}
