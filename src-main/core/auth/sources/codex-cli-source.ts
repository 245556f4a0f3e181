// The Codex CLI's login: `$CODEX_HOME/auth.json` (chatgpt or apikey mode, old formats too) or, when
// the file is absent and config.toml says so, the keychain item `Codex Auth` (docs/codex-cli.md#login-file).
// Read-only: clawbar never writes either (Codex rotates its single-use refresh tokens itself).
import path from 'node:path';

import { codexKeyringAccount } from '../../config/paths.js';
import { IMPLAUSIBLE_EXPIRY } from '../../util/plausible-time.js';
import { decodeJwtPayload, openaiClaims, type TokenClaims } from '../jwt.js';
import { missingReading, providerOf, type ProfileReading } from '../reading.js';

import { asObject, asString, readCredentialText, readJsonFile } from './read-json-file.js';
import { readKeychainJson, resultFromFile, type CredentialSource, type SourceResult } from './source.js';

import type { KeychainReader } from './cli-keyring.js';

export const CODEX_KEYRING_SERVICE = 'Codex Auth';
const SOURCE = 'codex-cli';

/** The two profiles one Codex login can be (the provider descriptors name them). */
export interface CodexProfileIds {
  /** A ChatGPT login (`auth_mode: chatgpt`): OAuth tokens. */
  chatgpt: string;
  /** An API-key login (`auth_mode: apikey`). */
  apiKey: string;
}

/**
 * The Codex CLI's login as a source of the auth engine: `$CODEX_HOME/auth.json` or its keychain item.
 * With `account`, the login in that account's own home instead (its source is named `codex-cli@<id>`).
 */
export function codexCliSource(ids: CodexProfileIds, account?: { id: string; home: string }): CredentialSource {
  return {
    name: account ? `${SOURCE}@${account.id}` : SOURCE,
    syncLabel: 'codex cli',
    watchDirs: (paths) => [account?.home ?? paths.codexHome],
    read: (context) => {
      const home = account?.home ?? context.paths.codexHome;
      return readCodexCli({
        authFile: account ? path.join(home, 'auth.json') : context.paths.codexAuth,
        configToml: account ? path.join(home, 'config.toml') : context.paths.codexConfigToml,
        codexHome: home,
        keychain: context.keychain,
        seen: context.seen,
        ids,
      });
    },
  };
}

export interface CodexSourceOptions {
  ids: CodexProfileIds;
  authFile: string;
  configToml: string;
  codexHome: string;
  /** A store over another keychain service (here `Codex Auth`). */
  keychain: (service: string) => KeychainReader;
  /** Ids seen before: picks which id a broken file is reported under. */
  seen: ReadonlySet<string>;
}

/** `cli_auth_credentials_store`: `file` (default), `keyring` or `auto` (docs/codex-cli.md#keyring-storage). */
export async function codexCredentialStore(configToml: string): Promise<'file' | 'keyring' | 'auto'> {
  // Codex's file, read as carefully as its credentials: a FIFO or a huge file there must not hang clawbar.
  const read = await readCredentialText(configToml);
  if (read.kind !== 'text') return 'file';
  const text = read.text;
  // A top-level key: stop at the first table header.
  for (const line of text.split('\n')) {
    if (/^\s*\[/.test(line)) break;
    const match = /^\s*cli_auth_credentials_store\s*=\s*["']([a-z]+)["']/.exec(line);
    if (match) return match[1] === 'keyring' || match[1] === 'auto' ? match[1] : 'file';
  }
  return 'file';
}

/** Reads the Codex CLI login. */
export async function readCodexCli(options: CodexSourceOptions): Promise<SourceResult> {
  const { chatgpt: chatgptId, apiKey: apiKeyId } = options.ids;
  const brokenId = options.seen.has(apiKeyId) && !options.seen.has(chatgptId) ? apiKeyId : chatgptId;
  const result = (readings: ProfileReading[], absent: string, transient?: string): SourceResult => {
    const out: SourceResult = {
      readings,
      candidates: [chatgptId, apiKeyId],
      absentProblem: (id) =>
        readings.length > 0
          ? id === chatgptId
            ? 'Codex is logged in with an API key, not ChatGPT'
            : 'Codex is logged in with ChatGPT, not an API key'
          : absent,
    };
    if (transient) out.transient = transient;
    return out;
  };
  const broken = (problem: string, transient?: string) =>
    result(
      [missingReading(brokenId, SOURCE, problem, brokenId === apiKeyId ? 'api_key' : 'oauth')],
      problem,
      transient,
    );

  const fromFile = resultFromFile(await readJsonFile(options.authFile), broken, (value) =>
    parseCodexAuth(value, 'auth.json', options.ids, brokenId, result),
  );
  if (fromFile) return fromFile;

  const store = await codexCredentialStore(options.configToml);
  if (store === 'file') return result([], 'not logged in to Codex (auth.json is absent)');
  const item = await readKeychainJson(options.keychain(CODEX_KEYRING_SERVICE), codexKeyringAccount(options.codexHome));
  switch (item.kind) {
    case 'unreachable':
      return store === 'keyring'
        ? broken('Codex keeps its login in the keychain, which is not reachable')
        : result([], 'not logged in to Codex (auth.json is absent; keychain not reachable)');
    case 'absent':
      return result([], 'not logged in to Codex (neither auth.json nor a keychain item)');
    case 'invalid':
      return broken('the Codex keychain item is not valid JSON');
    case 'json':
      return parseCodexAuth(item.value, 'the Codex keychain item', options.ids, brokenId, result);
  }
}

function parseCodexAuth(
  value: unknown,
  label: string,
  { chatgpt: chatgptId, apiKey: apiKeyId }: CodexProfileIds,
  brokenId: string,
  result: (readings: ProfileReading[], absent: string) => SourceResult,
): SourceResult {
  const broken = (problem: string, id = brokenId) =>
    result([missingReading(id, SOURCE, problem, id === apiKeyId ? 'api_key' : 'oauth')], problem);
  const auth = asObject(value);
  if (!auth) return broken(`${label} is not a JSON object`);
  const mode = asString(auth.auth_mode)?.toLowerCase();
  const apiKey = asString(auth.OPENAI_API_KEY);
  const tokens = auth.tokens;

  // Old versions omit auth_mode: an API key without tokens means an API-key login (docs/codex-cli.md#login-file).
  if (mode === 'apikey' || mode === 'api_key' || (!mode && apiKey && !tokens)) {
    if (!apiKey) return broken(`${label} is in API-key mode but holds no key`, apiKeyId);
    const provider = providerOf(apiKeyId);
    const reading: ProfileReading = {
      id: apiKeyId,
      provider,
      type: 'api_key',
      source: SOURCE,
      expiresAt: null,
      refreshable: false,
      credential: { profileId: apiKeyId, provider, type: 'api_key', apiKey, expiresAt: null },
      problem: null,
    };
    return result([reading], 'not logged in to Codex');
  }

  const t = asObject(tokens);
  if (!t) return broken(`${label} has no tokens (not logged in with ChatGPT)`, chatgptId);
  const accessToken = asString(t.access_token);
  if (!accessToken) return broken(`${label} has no access token`, chatgptId);
  const payload = decodeJwtPayload(accessToken);
  if (!payload) return broken(`the access token in ${label} is not a JWT`, chatgptId);
  const access = openaiClaims(payload);
  if (access.expiresAt === undefined) return broken(`the access token in ${label} has no exp claim`, chatgptId);
  if (access.expiresAt === null) return broken(`the access token in ${label}: ${IMPLAUSIBLE_EXPIRY}`, chatgptId);
  const id = idTokenClaims(t.id_token);
  const accountId = asString(t.account_id) ?? access.accountId ?? id.accountId;
  const email = id.email ?? access.email;
  const plan = access.plan ?? id.plan;
  const refreshable = asString(t.refresh_token) !== undefined;
  const provider = providerOf(chatgptId);
  const reading: ProfileReading = {
    id: chatgptId,
    provider,
    type: 'oauth',
    source: SOURCE,
    expiresAt: access.expiresAt,
    refreshable,
    credential: {
      profileId: chatgptId,
      provider,
      type: 'oauth',
      accessToken,
      expiresAt: access.expiresAt,
      ...(accountId ? { accountId } : {}),
    },
    problem: null,
  };
  if (refreshable) reading.refreshedBy = 'Codex';
  if (access.issuedAt !== undefined && access.issuedAt < access.expiresAt) {
    reading.lifetimeMs = access.expiresAt - access.issuedAt;
  }
  if (email) reading.email = email;
  if (accountId) reading.accountId = accountId;
  if (plan) reading.plan = plan;
  return result([reading], 'not logged in to Codex');
}

/** id_token is a JWT string, or in an old format an already-parsed object (with `raw_jwt` or the claims). */
function idTokenClaims(idToken: unknown): TokenClaims {
  const text = asString(idToken);
  if (text) {
    const payload = decodeJwtPayload(text);
    return payload ? openaiClaims(payload) : {};
  }
  const parsed = asObject(idToken);
  if (!parsed) return {};
  const raw = asString(parsed.raw_jwt);
  const fromRaw = raw ? idTokenClaims(raw) : {};
  const claims: TokenClaims = { ...openaiClaims(parsed), ...fromRaw };
  const email = asString(parsed.email);
  const plan = asString(parsed.chatgpt_plan_type);
  const accountId = asString(parsed.chatgpt_account_id);
  if (email && !claims.email) claims.email = email;
  if (plan && !claims.plan) claims.plan = plan;
  if (accountId && !claims.accountId) claims.accountId = accountId;
  return claims;
}
