// Claude Code's login: `$CLAUDE_CONFIG_DIR/.credentials.json`, or on macOS the keychain item
// `Claude Code-credentials[-<8 hex>]` (docs/claude-code.md#keychain-item). Read-only: Claude Code refreshes its own tokens.
import { createHash } from 'node:crypto';
import path from 'node:path';

import { IMPLAUSIBLE_EXPIRY, plausibleEpochMs } from '../../util/plausible-time.js';
import { missingReading, providerOf, type ProfileReading } from '../reading.js';

import { asObject, asString, readJsonFile } from './read-json-file.js';
import { readKeychainJson, resultFromFile, type CredentialSource, type SourceResult } from './source.js';

import type { KeychainReader } from './cli-keyring.js';

/** The service of Claude Code's macOS keychain item when `CLAUDE_CONFIG_DIR` is not set. */
export const CLAUDE_KEYCHAIN_SERVICE = 'Claude Code-credentials';

/**
 * The service Claude Code keeps a login under on macOS when it runs with `CLAUDE_CONFIG_DIR` set to
 * `configDir`: the plain name plus `-` and the first 8 hex digits of SHA-256 of that string, as
 * given (NFC), not resolved (docs/claude-code.md#keychain-item). Unset or empty: the plain name.
 */
export function claudeKeychainService(configDir: string | undefined): string {
  if (!configDir) return CLAUDE_KEYCHAIN_SERVICE;
  const hash = createHash('sha256').update(configDir.normalize('NFC')).digest('hex').slice(0, 8);
  return `${CLAUDE_KEYCHAIN_SERVICE}-${hash}`;
}

/** The item's account: the login user, or `claude-code-user` for a name Claude Code will not use (docs/claude-code.md#keychain-item). */
export function claudeKeychainAccount(user: string): string {
  return /^[a-zA-Z0-9._-]+$/.test(user) ? user : 'claude-code-user';
}

const SOURCE = 'claude-cli';
/**
 * Claude Code's access tokens last about 8 hours and it refreshes them whenever it runs
 * (docs/claude-code.md#token-refresh); the item carries no issue time, so this is their lifetime.
 */
export const CLAUDE_TOKEN_LIFETIME_MS = 8 * 3_600_000;

/**
 * Claude Code's login as a source of the auth engine, reported as profile `profileId`. With
 * `account`, the login in that account's own config dir (its source is named `claude-cli@<id>`),
 * which Claude Code, run with `CLAUDE_CONFIG_DIR` set to it, keeps under a service of its own on macOS.
 */
export function claudeCliSource(profileId: string, account?: { id: string; home: string }): CredentialSource {
  return {
    name: account ? `${SOURCE}@${account.id}` : SOURCE,
    syncLabel: 'claude cli',
    watchDirs: (paths) => [account?.home ?? paths.claudeConfigDir],
    read: (context) =>
      readClaudeCli({
        credentialsFile: account ? path.join(account.home, '.credentials.json') : context.paths.claudeCredentials,
        platform: context.platform,
        service: claudeKeychainService(account ? account.home : context.env.CLAUDE_CONFIG_DIR),
        user: context.user,
        keychain: context.keychain,
        profileId,
      }),
  };
}

export interface ClaudeSourceOptions {
  /** The profile a Claude Code login is (the provider descriptor names it). */
  profileId: string;
  credentialsFile: string;
  /** `process.platform`: the keychain item exists only on macOS. */
  platform: NodeJS.Platform;
  /** The keychain item's service ({@link claudeKeychainService}). */
  service: string;
  /** The login user: the keychain item's account. */
  user: string;
  keychain: (service: string) => KeychainReader;
}

/** Reads the Claude Code login. */
export async function readClaudeCli(options: ClaudeSourceOptions): Promise<SourceResult> {
  const { profileId } = options;
  const result = (readings: ProfileReading[], absent: string, transient?: string): SourceResult => {
    const out: SourceResult = { readings, candidates: [profileId], absentProblem: () => absent };
    if (transient) out.transient = transient;
    return out;
  };
  const broken = (problem: string, transient?: string) =>
    result([missingReading(profileId, SOURCE, problem)], problem, transient);

  const fromFile = resultFromFile(await readJsonFile(options.credentialsFile), broken, (value) =>
    parseClaude(value, '.credentials.json', profileId, result),
  );
  if (fromFile) return fromFile;
  const absent = 'not logged in to Claude Code (.credentials.json is absent)';
  // On Linux (and Windows) Claude Code keeps its login only in the file (docs/claude-code.md#credentials-file).
  if (options.platform !== 'darwin') return result([], absent);
  const item = await readKeychainJson(options.keychain(options.service), claudeKeychainAccount(options.user));
  switch (item.kind) {
    case 'unreachable':
      return result([], `${absent}; keychain not reachable`);
    case 'absent':
      return result([], 'not logged in to Claude Code');
    case 'invalid':
      return broken('the Claude Code keychain item is not valid JSON');
    case 'json':
      return parseClaude(item.value, 'the Claude Code keychain item', profileId, result);
  }
}

function parseClaude(
  value: unknown,
  label: string,
  profileId: string,
  result: (readings: ProfileReading[], absent: string) => SourceResult,
): SourceResult {
  const broken = (problem: string) => result([missingReading(profileId, SOURCE, problem)], problem);
  const root = asObject(value);
  if (!root) return broken(`${label} is not a JSON object`);
  const oauth = asObject(root.claudeAiOauth);
  if (!oauth) return broken(`${label} has no claudeAiOauth login`);
  const accessToken = asString(oauth.accessToken);
  if (!accessToken) return broken(`${label} has no access token`);
  if (!('expiresAt' in oauth) || oauth.expiresAt === null) return broken(`${label} has no expiresAt`);
  // Milliseconds (docs/claude-code.md#credentials-file); seconds, junk or a number past the year 2286 is refused here.
  const expiresAt = plausibleEpochMs(oauth.expiresAt);
  if (expiresAt === null) return broken(`${label}: ${IMPLAUSIBLE_EXPIRY}`);
  const plan = asString(oauth.subscriptionType);
  const provider = providerOf(profileId);
  const reading: ProfileReading = {
    id: profileId,
    provider,
    type: 'oauth',
    source: SOURCE,
    expiresAt,
    refreshable: asString(oauth.refreshToken) !== undefined,
    credential: { profileId, provider, type: 'oauth', accessToken, expiresAt },
    problem: null,
  };
  if (reading.refreshable) {
    reading.refreshedBy = 'Claude Code';
    reading.lifetimeMs = CLAUDE_TOKEN_LIFETIME_MS;
  }
  if (plan) reading.plan = plan;
  return result([reading], 'not logged in to Claude Code');
}
