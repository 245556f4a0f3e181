// The Codex CLI's login: `$CODEX_HOME/auth.json` (chatgpt or apikey mode, old formats too) or, when
// the file is absent and config.toml says so, the keychain item `Codex Auth` (REFERENCE.md).
// Read-only: clawbar never writes either (Codex rotates its single-use refresh tokens itself).
import { codexKeyringAccount } from '../../config/paths.js';
import { IMPLAUSIBLE_EXPIRY } from '../../util/plausible-time.js';
import { decodeJwtPayload, openaiClaims, type TokenClaims } from '../jwt.js';
import { missingReading, type ProfileReading } from '../reading.js';

import { asObject, asString, readCredentialText, readJsonFile } from './read-json-file.js';
import { readKeychainJson, resultFromFile, type SourceResult } from './source.js';

import type { SecretStore } from '../../secrets/secret-store.js';

export const CODEX_OAUTH_ID = 'openai-codex:codex-cli';
export const CODEX_APIKEY_ID = 'openai:codex-cli';
export const CODEX_KEYRING_SERVICE = 'Codex Auth';
const SOURCE = 'codex-cli';

export interface CodexSourceOptions {
  authFile: string;
  configToml: string;
  codexHome: string;
  /** A store over another keychain service (here `Codex Auth`). */
  keychain: (service: string) => SecretStore;
  /** Ids seen before: picks which id a broken file is reported under. */
  seen: ReadonlySet<string>;
}

/** `cli_auth_credentials_store` from config.toml: `file` (default), `keyring` or `auto`. */
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
  const brokenId =
    options.seen.has(CODEX_APIKEY_ID) && !options.seen.has(CODEX_OAUTH_ID) ? CODEX_APIKEY_ID : CODEX_OAUTH_ID;
  const result = (readings: ProfileReading[], absent: string, transient?: string): SourceResult => {
    const out: SourceResult = {
      readings,
      candidates: [CODEX_OAUTH_ID, CODEX_APIKEY_ID],
      absentProblem: (id) =>
        readings.length > 0
          ? id === CODEX_OAUTH_ID
            ? 'Codex is logged in with an API key, not ChatGPT'
            : 'Codex is logged in with ChatGPT, not an API key'
          : absent,
    };
    if (transient) out.transient = transient;
    return out;
  };
  const broken = (problem: string, transient?: string) =>
    result(
      [missingReading(brokenId, SOURCE, problem, brokenId === CODEX_APIKEY_ID ? 'api_key' : 'oauth')],
      problem,
      transient,
    );

  const fromFile = resultFromFile(await readJsonFile(options.authFile), broken, (value) =>
    parseCodexAuth(value, 'auth.json', brokenId, result),
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
      return parseCodexAuth(item.value, 'the Codex keychain item', brokenId, result);
  }
}

function parseCodexAuth(
  value: unknown,
  label: string,
  brokenId: string,
  result: (readings: ProfileReading[], absent: string) => SourceResult,
): SourceResult {
  const broken = (problem: string, id = brokenId) =>
    result([missingReading(id, SOURCE, problem, id === CODEX_APIKEY_ID ? 'api_key' : 'oauth')], problem);
  const auth = asObject(value);
  if (!auth) return broken(`${label} is not a JSON object`);
  const mode = asString(auth.auth_mode)?.toLowerCase();
  const apiKey = asString(auth.OPENAI_API_KEY);
  const tokens = auth.tokens;

  // Old versions omit auth_mode: an API key without tokens means an API-key login.
  if (mode === 'apikey' || mode === 'api_key' || (!mode && apiKey && !tokens)) {
    if (!apiKey) return broken(`${label} is in API-key mode but holds no key`, CODEX_APIKEY_ID);
    const reading: ProfileReading = {
      id: CODEX_APIKEY_ID,
      provider: 'openai',
      type: 'api_key',
      source: SOURCE,
      expiresAt: null,
      refreshable: false,
      credential: { profileId: CODEX_APIKEY_ID, provider: 'openai', type: 'api_key', apiKey, expiresAt: null },
      problem: null,
    };
    return result([reading], 'not logged in to Codex');
  }

  const t = asObject(tokens);
  if (!t) return broken(`${label} has no tokens (not logged in with ChatGPT)`, CODEX_OAUTH_ID);
  const accessToken = asString(t.access_token);
  if (!accessToken) return broken(`${label} has no access token`, CODEX_OAUTH_ID);
  const payload = decodeJwtPayload(accessToken);
  if (!payload) return broken(`the access token in ${label} is not a JWT`, CODEX_OAUTH_ID);
  const access = openaiClaims(payload);
  if (access.expiresAt === undefined) return broken(`the access token in ${label} has no exp claim`, CODEX_OAUTH_ID);
  if (access.expiresAt === null) return broken(`the access token in ${label}: ${IMPLAUSIBLE_EXPIRY}`, CODEX_OAUTH_ID);
  const id = idTokenClaims(t.id_token);
  const accountId = asString(t.account_id) ?? access.accountId ?? id.accountId;
  const email = id.email ?? access.email;
  const plan = access.plan ?? id.plan;
  const refreshable = asString(t.refresh_token) !== undefined;
  const reading: ProfileReading = {
    id: CODEX_OAUTH_ID,
    provider: 'openai-codex',
    type: 'oauth',
    source: SOURCE,
    expiresAt: access.expiresAt,
    refreshable,
    credential: {
      profileId: CODEX_OAUTH_ID,
      provider: 'openai-codex',
      type: 'oauth',
      accessToken,
      expiresAt: access.expiresAt,
      ...(accountId ? { accountId } : {}),
    },
    problem: null,
  };
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
