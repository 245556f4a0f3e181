// Claude Code's login: `$CLAUDE_CONFIG_DIR/.credentials.json`, or on macOS the keychain item
// `Claude Code-credentials` (REFERENCE.md). Read-only: Claude Code refreshes its own tokens.
import { SecretStoreUnavailableError, type SecretStore } from '../../secrets/secret-store.js';
import { missingReading, type ProfileReading } from '../reading.js';

import { asObject, asString, readJsonFile } from './read-json-file.js';

import type { SourceResult } from './source.js';

export const CLAUDE_OAUTH_ID = 'anthropic:claude-cli';
export const CLAUDE_KEYCHAIN_SERVICE = 'Claude Code-credentials';
const SOURCE = 'claude-cli';

export interface ClaudeSourceOptions {
  credentialsFile: string;
  /** `process.platform`: the keychain item exists only on macOS. */
  platform: NodeJS.Platform;
  /** macOS account name of the keychain item (the login user). */
  user: string;
  keychain: (service: string) => SecretStore;
}

/** Reads the Claude Code login. */
export async function readClaudeCli(options: ClaudeSourceOptions): Promise<SourceResult> {
  const result = (readings: ProfileReading[], absent: string, transient?: string): SourceResult => {
    const out: SourceResult = { readings, candidates: [CLAUDE_OAUTH_ID], absentProblem: () => absent };
    if (transient) out.transient = transient;
    return out;
  };
  const broken = (problem: string, transient?: string) =>
    result([missingReading(CLAUDE_OAUTH_ID, SOURCE, problem)], problem, transient);

  const file = await readJsonFile(options.credentialsFile);
  switch (file.kind) {
    case 'bad':
      return broken(file.problem);
    case 'transient':
      return broken(file.problem, file.problem);
    case 'json':
      return parseClaude(file.value, '.credentials.json', result);
    case 'absent':
      break;
  }
  const absent = 'not logged in to Claude Code (.credentials.json is absent)';
  if (options.platform !== 'darwin') return result([], absent);
  let value: string | null;
  try {
    value = await options.keychain(CLAUDE_KEYCHAIN_SERVICE).get(options.user);
  } catch (error) {
    if (error instanceof SecretStoreUnavailableError) return result([], `${absent}; keychain not reachable`);
    throw error;
  }
  if (value === null) return result([], 'not logged in to Claude Code');
  try {
    return parseClaude(JSON.parse(value), 'the Claude Code keychain item', result);
  } catch {
    return broken('the Claude Code keychain item is not valid JSON');
  }
}

function parseClaude(
  value: unknown,
  label: string,
  result: (readings: ProfileReading[], absent: string) => SourceResult,
): SourceResult {
  const broken = (problem: string) => result([missingReading(CLAUDE_OAUTH_ID, SOURCE, problem)], problem);
  const root = asObject(value);
  if (!root) return broken(`${label} is not a JSON object`);
  const oauth = asObject(root.claudeAiOauth);
  if (!oauth) return broken(`${label} has no claudeAiOauth login`);
  const accessToken = asString(oauth.accessToken);
  if (!accessToken) return broken(`${label} has no access token`);
  if (!('expiresAt' in oauth) || oauth.expiresAt === null) return broken(`${label} has no expiresAt`);
  const expiresAt = oauth.expiresAt;
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) {
    return broken(`${label} has an expiresAt that is not a number`);
  }
  const plan = asString(oauth.subscriptionType);
  const reading: ProfileReading = {
    id: CLAUDE_OAUTH_ID,
    provider: 'anthropic',
    type: 'oauth',
    source: SOURCE,
    expiresAt,
    refreshable: asString(oauth.refreshToken) !== undefined,
    credential: { profileId: CLAUDE_OAUTH_ID, provider: 'anthropic', type: 'oauth', accessToken, expiresAt },
    problem: null,
  };
  if (plan) reading.plan = plan;
  return result([reading], 'not logged in to Claude Code');
}
