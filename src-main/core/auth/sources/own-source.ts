// clawbar's own profiles: metadata from auth-profiles.json, secrets from the SecretStore.
import { MAX_SECRET_BYTES, SecretStoreUnavailableError } from '../../secrets/secret-store.js';
import { IMPLAUSIBLE_EXPIRY, plausibleEpochMs } from '../../util/plausible-time.js';
import { missingReading, type ProfileReading } from '../reading.js';

import type { SecretStore } from '../../secrets/secret-store.js';
import type { AuthProfilesFile } from '../own-store.js';
import type { SourceResult } from './source.js';

/** A profile the providers declare in clawbar's own store, with what to run while it is absent. */
export interface OwnStoreProfile {
  id: string;
  /** `not logged in with clawbar (run …)`, `no key added (run …)`. */
  absent: string;
}

/**
 * Reads every profile listed in auth-profiles.json and fetches its secret. `declared` are the
 * profiles the providers say may live here (candidates even before they exist).
 */
export async function readOwnStore(
  data: AuthProfilesFile,
  secrets: SecretStore,
  declared: readonly OwnStoreProfile[],
): Promise<SourceResult> {
  const readings: ProfileReading[] = [];
  const store = secrets.kind === 'file' ? 'the secrets file' : 'the keychain';
  for (const [id, meta] of Object.entries(data.profiles)) {
    // An API key's source is where its secret is read from now (`keychain`, or `file` with
    // `secrets.backend: "file"`), whatever was true when it was saved.
    const source = meta.type === 'api_key' ? secrets.kind : meta.source;
    let secret: string | null;
    try {
      secret = await secrets.get(id);
    } catch (error) {
      if (!(error instanceof SecretStoreUnavailableError)) throw error;
      readings.push(missingReading(id, source, `${store} is not reachable`, meta.type));
      continue;
    }
    if (secret === null) {
      readings.push(missingReading(id, source, `its secret is no longer in ${store}`, meta.type));
      continue;
    }
    if (secret.length > MAX_SECRET_BYTES) {
      // Stored by something else than clawbar (it refuses such a value): never parsed or used.
      readings.push(missingReading(id, source, 'its stored secret is too large to be a key', meta.type));
      continue;
    }
    const base = { id, provider: meta.provider, type: meta.type, source, problem: null };
    if (meta.type === 'api_key') {
      readings.push({
        ...base,
        expiresAt: null,
        refreshable: false,
        credential: { profileId: id, provider: meta.provider, type: 'api_key', apiKey: secret, expiresAt: null },
      });
      continue;
    }
    let tokens: { accessToken?: unknown; refreshToken?: unknown };
    try {
      tokens = JSON.parse(secret) as typeof tokens;
    } catch {
      readings.push(missingReading(id, source, 'its stored tokens are not valid JSON', meta.type));
      continue;
    }
    if (typeof tokens?.accessToken !== 'string' || tokens.accessToken === '') {
      readings.push(missingReading(id, source, 'its stored tokens have no access token', meta.type));
      continue;
    }
    const expiresAt = meta.expiresAt == null ? null : plausibleEpochMs(meta.expiresAt);
    if (meta.expiresAt != null && expiresAt === null) {
      readings.push(missingReading(id, source, `auth-profiles.json: ${IMPLAUSIBLE_EXPIRY}`, meta.type));
      continue;
    }
    const reading: ProfileReading = {
      ...base,
      expiresAt,
      refreshable: typeof tokens.refreshToken === 'string' && tokens.refreshToken !== '',
      credential: {
        profileId: id,
        provider: meta.provider,
        type: meta.type,
        accessToken: tokens.accessToken,
        expiresAt,
        ...(meta.accountId ? { accountId: meta.accountId } : {}),
      },
    };
    // The gateway's own refresher renews it (reauth/own-refresh.ts).
    if (reading.refreshable) reading.refreshedBy = 'clawbar';
    if (meta.email) reading.email = meta.email;
    if (meta.accountId) reading.accountId = meta.accountId;
    if (meta.plan) reading.plan = meta.plan;
    readings.push(reading);
  }
  return {
    readings,
    candidates: [...declared.map((p) => p.id), ...Object.keys(data.profiles)],
    absentProblem: (id) => declared.find((p) => p.id === id)?.absent ?? 'not in auth-profiles.json',
  };
}
