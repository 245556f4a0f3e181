// What a credential source is and what it returns; the engine reads every source and merges their
// results into the profile list. Below, the two steps the file-or-keychain sources (Codex CLI,
// Claude Code) share.
import { SecretStoreUnavailableError } from '../../secrets/secret-store.js';

import { MAX_CREDENTIAL_FILE_BYTES, type JsonFileRead } from './read-json-file.js';

import type { ClawbarPaths, Env } from '../../config/paths.js';
import type { Config } from '../../config/schema.js';
import type { ProfileReading } from '../reading.js';
import type { KeychainReader } from './cli-keyring.js';

/** What a source may read: the roots, the environment, other programs' keychains, what was seen before. */
export interface SourceContext {
  paths: ClawbarPaths;
  env: Env;
  /** A reader of another program's keychain service (`Codex Auth`, `Claude Code-credentials`). */
  keychain: (service: string) => KeychainReader;
  /** Profile ids seen on this machine before (auth-profiles.json). */
  seen: ReadonlySet<string>;
  /** The config in force: which models and profiles the agent depends on (a source with `readsConfig`). */
  config: Config;
  platform: NodeJS.Platform;
  /** The login user (the account of Claude Code's macOS keychain item). */
  user: string;
}

/**
 * A place credentials come from, owned by another program (a CLI's file or keychain item). A
 * provider descriptor declares it; the auth engine reads it at start and whenever one of its
 * directories changes.
 */
export interface CredentialSource {
  /** Names it in log lines: `codex-cli`. */
  name: string;
  /** `synced <provider> credentials from <syncLabel>` is logged when one of its credentials changes. */
  syncLabel: string;
  /** The directories whose changes mean a re-read (directories, not files: see dir-watcher.ts). */
  watchDirs(paths: ClawbarPaths, env: Env): string[];
  /** What it reads depends on the config (which profiles the agent uses): re-read when the config changes. */
  readsConfig?: boolean;
  read(context: SourceContext): Promise<SourceResult>;
}

export interface SourceResult {
  /** Profiles the source holds: usable ones, and present-but-broken ones (status `missing`). */
  readings: ProfileReading[];
  /** Every profile id this source could provide, whether or not it holds it now. */
  candidates: string[];
  /** Why a candidate not in `readings` has no credential (used when something depends on it). */
  absentProblem(id: string): string;
  /** Set when the source looks caught mid-write (empty / partial JSON): the engine retries. */
  transient?: string;
}

/**
 * The source's answer from a credential file that is there: unusable or half-written (then also
 * `transient`, so the engine retries) is `broken`, parsed JSON goes to `parse`. Undefined when the
 * file is absent, so the source looks elsewhere.
 */
export function resultFromFile(
  file: JsonFileRead,
  broken: (problem: string, transient?: string) => SourceResult,
  parse: (value: unknown) => SourceResult,
): SourceResult | undefined {
  switch (file.kind) {
    case 'bad':
      return broken(file.problem);
    case 'transient':
      return broken(file.problem, file.problem);
    case 'json':
      return parse(file.value);
    case 'absent':
      return undefined;
  }
}

export type KeychainJsonRead =
  { kind: 'unreachable' } | { kind: 'absent' } | { kind: 'invalid' } | { kind: 'json'; value: unknown };

/** Reads a keychain item that holds JSON (another program's login); never says what it holds. */
export async function readKeychainJson(store: KeychainReader, account: string): Promise<KeychainJsonRead> {
  let value: string | null;
  try {
    value = await store.get(account);
  } catch (error) {
    if (error instanceof SecretStoreUnavailableError) return { kind: 'unreachable' };
    throw error;
  }
  if (value === null) return { kind: 'absent' };
  // A credential item is a few KiB; a giant one is refused like a giant credential file.
  if (value.length > MAX_CREDENTIAL_FILE_BYTES) return { kind: 'invalid' };
  try {
    return { kind: 'json', value: JSON.parse(value) };
  } catch {
    return { kind: 'invalid' };
  }
}
