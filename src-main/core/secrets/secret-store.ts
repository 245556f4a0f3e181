// Where clawbar keeps secrets (API keys, its own OAuth tokens, the Discord bot token): the OS
// keychain through keytar (service `clawbar`, docs/keychain.md#clawbars-own-items), or — only when
// config says `secrets.backend: "file"` — a 0600 JSON file for servers without a Secret Service.
// keytar is a native addon and is loaded lazily, so commands that never touch a secret never pay for it.
import path from 'node:path';

import { errorMessage } from '../../../src-shared/error-message.js';
import { writeJsonAtomic } from '../config/atomic-file.js';
import { OwnFileError, readOwnFile } from '../config/own-files.js';

/** The keychain service clawbar stores its own secrets under. */
export const KEYCHAIN_SERVICE = 'clawbar';

/** Account names of the secrets other parts of clawbar read. */
export const SECRET_ACCOUNTS = {
  discordToken: 'discord-token',
  slackBotToken: 'slack-bot-token',
  slackAppToken: 'slack-app-token',
} as const;

/**
 * The largest secret clawbar stores or uses (an API key is ~200 bytes, its own OAuth tokens a few
 * KiB). A 100 MB "key" would be read, parsed and hashed on every status.
 */
export const MAX_SECRET_BYTES = 16 * 1024;

/** A secret over {@link MAX_SECRET_BYTES}; the message is one line. */
export class SecretTooLargeError extends Error {
  override name = 'SecretTooLargeError';
  constructor(what = 'the secret') {
    super(`${what} is longer than ${MAX_SECRET_BYTES / 1024} KiB: that is not a key`);
  }
}

/** The way round any keychain problem, added to every hint. */
export const FILE_BACKEND_HINT = 'or set "secrets": {"backend": "file"} in config.json';

/**
 * What keytar's (and @napi-rs/keyring's) errors mean and what to do about each, so the hint names the
 * real cause. The messages are libsecret's, D-Bus's and Node's, as seen on Debian 12 (docs/keychain.md#keytar-on-linux).
 */
const KEYCHAIN_FAILURES: [RegExp, string][] = [
  [
    /Cannot find module .*keytar\.node/,
    'the keychain addon (keytar) is not built — run `npm run setup`, which says what the build needs',
  ],
  [
    /Cannot find native binding/,
    'the keyring addon (@napi-rs/keyring) has no binary for this platform — reinstall with `npm ci` (it comes in an optional dependency, which must not be omitted)',
  ],
  [/libsecret-1\.so/, 'libsecret is not installed — apt-get install libsecret-1-0 (Fedora: dnf install libsecret)'],
  [
    /autolaunch D-Bus|dbus-daemon autolaunch|dbus-launch|given address is empty/,
    'no D-Bus session (DBUS_SESSION_BUS_ADDRESS is not set) — run clawbar in a desktop session, or under dbus-run-session with gnome-keyring unlocked',
  ],
  [
    /Could not connect|Address element|Failed to connect to socket/,
    'the D-Bus session in DBUS_SESSION_BUS_ADDRESS does not answer — start clawbar from a live session',
  ],
  [
    /org\.freedesktop\.secrets was not provided|ServiceUnknown/,
    'no Secret Service runs on the D-Bus session — install one (Debian/Ubuntu: apt-get install gnome-keyring)',
  ],
  [
    /locked collection|[Dd]ismissed|[Pp]rompt/,
    'the keyring is locked — unlock it (log in to the desktop, or pipe its password to gnome-keyring-daemon --unlock)',
  ],
  [
    /collection\/login|Object does not exist at path/,
    'the keyring has no login collection yet — unlock gnome-keyring once with a password to create it',
  ],
];

/** One line: why no keychain can be used (from keytar's error) and what to do, then the file backend. */
export function keychainProblem(error: unknown): string {
  const text = firstLine(error);
  const known = KEYCHAIN_FAILURES.find(([pattern]) => pattern.test(text));
  return `${known ? known[1] : `the OS keychain refused: ${text}`}; ${FILE_BACKEND_HINT}`;
}

/** A secret store could not be reached (no keychain, no D-Bus session, addon not built); the message says which. */
export class SecretStoreUnavailableError extends Error {
  override name = 'SecretStoreUnavailableError';
}

/** A flat account → secret map. Values never leave the process except to the provider they belong to. */
export interface SecretStore {
  readonly kind: 'keychain' | 'file';
  /** The secret, or null when none is stored. Throws SecretStoreUnavailableError when unreachable. */
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  /** True when something was deleted. */
  delete(account: string): Promise<boolean>;
}

/** The subset of keytar clawbar uses (a parameter so tests can hand in a store that fails). */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

async function loadKeytar(): Promise<KeytarLike> {
  try {
    const mod = (await import('keytar')) as KeytarLike & { default?: KeytarLike };
    return mod.default ?? mod;
  } catch (error) {
    throw new SecretStoreUnavailableError(keychainProblem(error));
  }
}

/** Rejects with a {@link SecretStoreUnavailableError} when `promise` takes longer than `ms` (a D-Bus that never answers). */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new SecretStoreUnavailableError(`the OS keychain did not answer within ${ms / 1000} s; ${FILE_BACKEND_HINT}`),
        ),
      ms,
    );
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface KeychainStoreOptions {
  /** Keychain service name; default `clawbar`. The auth engine also reads `Codex Auth` items with it. */
  service?: string;
  /** How long one keychain call may take before it counts as unreachable (a D-Bus activation can hang). */
  timeoutMs?: number;
  /** keytar itself by default. */
  keytar?: () => Promise<KeytarLike>;
}

/**
 * The OS keychain (macOS Keychain, Secret Service on Linux, Credential Vault on Windows) through
 * keytar. Every failure to reach it — no D-Bus session, no Secret Service, locked collection,
 * addon missing — becomes a {@link SecretStoreUnavailableError} with a one-line hint.
 */
export function createKeychainStore(options: KeychainStoreOptions = {}): SecretStore {
  const service = options.service ?? KEYCHAIN_SERVICE;
  const timeoutMs = options.timeoutMs ?? 5000;
  const load = options.keytar ?? loadKeytar;
  let keytar: Promise<KeytarLike> | undefined;
  const call = async <T>(fn: (k: KeytarLike) => Promise<T>): Promise<T> => {
    keytar ??= load();
    const k = await keytar;
    try {
      return await withTimeout(fn(k), timeoutMs);
    } catch (error) {
      if (error instanceof SecretStoreUnavailableError) throw error;
      throw new SecretStoreUnavailableError(keychainProblem(error));
    }
  };
  return {
    kind: 'keychain',
    get: (account) => call((k) => k.getPassword(service, account)),
    set: (account, value) => {
      if (Buffer.byteLength(value) > MAX_SECRET_BYTES) return Promise.reject(new SecretTooLargeError());
      return call((k) => k.setPassword(service, account, value));
    },
    delete: (account) => call((k) => k.deletePassword(service, account)),
  };
}

function firstLine(error: unknown): string {
  const text = errorMessage(error);
  return text.split('\n')[0]!.slice(0, 200);
}

/**
 * The explicit file backend (`secrets.backend: "file"`): one JSON object in a 0600 file inside the
 * 0700 clawbar home, written atomically. Meant for headless servers without a Secret Service.
 */
export function createFileSecretStore(file: string): SecretStore {
  const read = async (): Promise<Record<string, string>> => {
    let text: string | null;
    try {
      text = await readOwnFile(file);
    } catch (error) {
      if (error instanceof OwnFileError) throw new SecretStoreUnavailableError(error.message);
      throw error;
    }
    if (text === null) return {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        return Object.fromEntries(
          Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
        );
      }
    } catch {
      // fall through to the error below
    }
    throw new SecretStoreUnavailableError(`${path.basename(file)} is not a JSON object: fix or delete ${file}`);
  };
  // Serialise writers in this process so two quick `set`s never lose one another.
  let queue: Promise<unknown> = Promise.resolve();
  const update = <T>(fn: (all: Record<string, string>) => T): Promise<T> => {
    const next = queue.then(async () => {
      const all = await read();
      const result = fn(all);
      await writeJsonAtomic(file, all);
      return result;
    });
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    kind: 'file',
    get: async (account) => (await read())[account] ?? null,
    set: (account, value) => {
      if (Buffer.byteLength(value) > MAX_SECRET_BYTES) return Promise.reject(new SecretTooLargeError());
      return update((all) => {
        all[account] = value;
      });
    },
    delete: (account) =>
      update((all) => {
        const had = account in all;
        delete all[account];
        return had;
      }),
  };
}

/** The secrets file of the file backend. */
export function secretsFilePath(clawbarHome: string): string {
  return path.join(clawbarHome, 'secrets.json');
}

/** The store config chooses: the keychain (default) or the explicit file backend. */
export function createSecretStore(backend: 'keychain' | 'file', clawbarHome: string): SecretStore {
  return backend === 'file' ? createFileSecretStore(secretsFilePath(clawbarHome)) : createKeychainStore();
}
