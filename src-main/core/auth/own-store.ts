// clawbar's own profile store (DESIGN.md §2, §3): metadata in `$CLAWBAR_HOME/auth-profiles.json`
// (no secrets, written atomically), secrets in a SecretStore under the profile id as account.
// Holds clawbar's own OAuth login (the own-login profile a provider declares), API keys added with
// `clawbar auth add-key` (`<provider>:default`) and the memory of which sources were seen before.
import { z } from 'zod';

import { writeJsonAtomic } from '../config/atomic-file.js';
import { OwnFileError, readOwnFile } from '../config/own-files.js';
import { ownLogin } from '../providers/registry.js';
import { plausibleEpochMs } from '../util/plausible-time.js';

import { providerOf } from './reading.js';

import type { SecretStore } from '../secrets/secret-store.js';

/** What an own OAuth login holds. Tokens go to the SecretStore; the rest to auth-profiles.json. */
export interface OwnOAuthTokens {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms. */
  expiresAt: number;
  email?: string;
  accountId?: string;
  plan?: string;
}

const storedProfileSchema = z.object({
  provider: z.string().min(1),
  type: z.enum(['oauth', 'token', 'api_key']),
  source: z.string().min(1),
  expiresAt: z.number().nullable().optional(),
  email: z.string().optional(),
  accountId: z.string().optional(),
  plan: z.string().optional(),
  updatedAt: z.string().optional(),
});

const authProfilesFileSchema = z.object({
  version: z.literal(1).optional(),
  profiles: z.record(z.string(), storedProfileSchema).optional(),
  seen: z.array(z.string()).optional(),
});

/** One profile's metadata as auth-profiles.json keeps it: never a secret. */
export type StoredProfile = z.infer<typeof storedProfileSchema>;

export interface AuthProfilesFile {
  version: 1;
  profiles: Record<string, StoredProfile>;
  /** Ids of sources seen on this machine: once seen, a vanished source shows as `missing`. */
  seen: string[];
}

/** auth-profiles.json could not be used; `detail` is one line, safe to show. */
export class OwnStoreError extends Error {
  override name = 'OwnStoreError';
}

const empty = (): AuthProfilesFile => ({ version: 1, profiles: {}, seen: [] });

/**
 * Reads auth-profiles.json: an empty store when absent; an OwnStoreError (one line) when it is not
 * valid JSON of the right shape.
 */
export async function readAuthProfilesFile(file: string): Promise<AuthProfilesFile> {
  let text: string | null;
  try {
    text = await readOwnFile(file);
  } catch (error) {
    if (error instanceof OwnFileError) throw new OwnStoreError(error.message);
    throw error;
  }
  if (text === null || text.trim() === '') return empty();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new OwnStoreError(`auth-profiles.json is not valid JSON: fix or delete ${file}`);
  }
  const parsed = authProfilesFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new OwnStoreError(`auth-profiles.json: ${issue.path.join('.') || '(top level)'} ${issue.message}`);
  }
  return { version: 1, profiles: parsed.data.profiles ?? {}, seen: parsed.data.seen ?? [] };
}

const oauthSecretSchema = z.object({ accessToken: z.string().min(1), refreshToken: z.string().min(1) });

/** Save/read clawbar's own credentials. Every method re-reads the file, so writers in other processes are respected. */
export interface OwnStore {
  readonly file: string;
  readonly secrets: SecretStore;
  /** The whole metadata file (no secrets). */
  read(): Promise<AuthProfilesFile>;
  /** Saves an own OAuth login: tokens to the SecretStore first, then metadata (which the watcher sees). */
  saveOAuth(tokens: OwnOAuthTokens, profileId?: string): Promise<void>;
  /** An own OAuth login with its tokens, or null when there is none (or its secret is gone). */
  readOAuth(profileId?: string): Promise<OwnOAuthTokens | null>;
  /** Stores an API key as `<provider>:default` and returns that id. */
  saveApiKey(provider: string, key: string): Promise<string>;
  /** Stores a long-lived OAuth token (no refresh token) as `profileId`, expiring at `expiresAt`. */
  saveToken(profileId: string, token: string, expiresAt: number): Promise<void>;
  /** Removes a profile's metadata and its secret. */
  deleteProfile(profileId: string): Promise<void>;
  /** Adds ids to the `seen` list; writes only when something is new. */
  rememberSeen(ids: string[]): Promise<void>;
}

export interface OwnStoreOptions {
  /** `paths.authProfiles`. */
  file: string;
  secrets: SecretStore;
  now?: () => number;
}

/** Creates the store over auth-profiles.json and a SecretStore. */
export function createOwnStore(options: OwnStoreOptions): OwnStore {
  const { file, secrets } = options;
  const now = options.now ?? Date.now;
  // One writer at a time in this process; each write re-reads the file first.
  let queue: Promise<unknown> = Promise.resolve();
  const update = (fn: (data: AuthProfilesFile) => boolean | void): Promise<void> => {
    const next = queue.then(async () => {
      const data = await readAuthProfilesFile(file);
      if (fn(data) === false) return;
      await writeJsonAtomic(file, data);
    });
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    file,
    secrets,
    read: () => readAuthProfilesFile(file),
    async saveOAuth(tokens, profileId = ownLogin().profileId) {
      const provider = providerOf(profileId);
      await secrets.set(
        profileId,
        JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken }),
      );
      await update((data) => {
        const entry: StoredProfile = {
          provider,
          type: 'oauth',
          source: 'clawbar',
          expiresAt: tokens.expiresAt,
          updatedAt: new Date(now()).toISOString(),
        };
        if (tokens.email) entry.email = tokens.email;
        if (tokens.accountId) entry.accountId = tokens.accountId;
        if (tokens.plan) entry.plan = tokens.plan;
        data.profiles[profileId] = entry;
        if (!data.seen.includes(profileId)) data.seen.push(profileId);
      });
    },
    async readOAuth(profileId = ownLogin().profileId) {
      const meta = (await readAuthProfilesFile(file)).profiles[profileId];
      if (!meta || meta.type !== 'oauth') return null;
      const secret = await secrets.get(profileId);
      if (!secret) return null;
      let parsed;
      try {
        parsed = oauthSecretSchema.safeParse(JSON.parse(secret));
      } catch {
        return null;
      }
      if (!parsed.success) return null;
      // An absurd stored expiry counts as expired: the refresher then renews the login.
      const tokens: OwnOAuthTokens = { ...parsed.data, expiresAt: plausibleEpochMs(meta.expiresAt) ?? 0 };
      if (meta.email) tokens.email = meta.email;
      if (meta.accountId) tokens.accountId = meta.accountId;
      if (meta.plan) tokens.plan = meta.plan;
      return tokens;
    },
    async saveApiKey(provider, key) {
      const profileId = `${provider}:default`;
      await secrets.set(profileId, key);
      await update((data) => {
        data.profiles[profileId] = {
          provider,
          type: 'api_key',
          source: secrets.kind, // `keychain`, or `file` with `secrets.backend: "file"`
          expiresAt: null,
          updatedAt: new Date(now()).toISOString(),
        };
        if (!data.seen.includes(profileId)) data.seen.push(profileId);
      });
      return profileId;
    },
    async saveToken(profileId, token, expiresAt) {
      // The shape own-source reads for OAuth profiles; no refresh token, so nothing tries to refresh it.
      await secrets.set(profileId, JSON.stringify({ accessToken: token }));
      await update((data) => {
        data.profiles[profileId] = {
          provider: providerOf(profileId),
          type: 'oauth',
          source: secrets.kind,
          expiresAt,
          updatedAt: new Date(now()).toISOString(),
        };
        if (!data.seen.includes(profileId)) data.seen.push(profileId);
      });
    },
    async deleteProfile(profileId) {
      await secrets.delete(profileId);
      await update((data) => {
        if (!(profileId in data.profiles)) return false;
        delete data.profiles[profileId];
        return true;
      });
    },
    rememberSeen(ids) {
      return update((data) => {
        const fresh = ids.filter((id) => !data.seen.includes(id));
        if (fresh.length === 0) return false;
        data.seen.push(...fresh);
        data.seen.sort();
        return true;
      });
    },
  };
}
