// The auth engine's public face. Other parts (usage, gateway, reauth, agent, notify) code against
// these types; src-main/core/auth implements them. Secrets live only in `Credential` objects,
// which never leave the process.
import type { ProfileStatus, ProfileType, ProfileView } from '../../../src-shared/protocol/index.js';
import type { Config } from '../config/schema.js';

export type { ProfileStatus, ProfileType, ProfileView };

/** The secret half of a profile: handed to usage clients and provider clients, never serialised. */
export interface Credential {
  profileId: string;
  provider: string;
  type: ProfileType;
  /** OAuth access token (Codex ChatGPT login, Claude Code login, own login). */
  accessToken?: string;
  /** API key (`static` profiles). */
  apiKey?: string;
  /** ChatGPT account id for the `ChatGPT-Account-Id` header. */
  accountId?: string;
  expiresAt: number | null;
}

export interface AuthEngine {
  /** Reads every source once and starts watching the credential files. */
  start(): Promise<void>;
  /** Stops the watchers and timers. */
  stop(): Promise<void>;
  /** Re-reads every source now (after a login, on `auth.refresh`); resolves with the new list. */
  reload(): Promise<ProfileView[]>;
  /** Current profiles with status computed for `now` (default: the engine's clock). */
  profiles(now?: number): ProfileView[];
  /** The usable secret of a profile, or null when it has none. */
  credential(profileId: string): Credential | null;
  /**
   * A provider answered 401/403 to this profile's current token: it counts as `expired` with
   * detail `rejected by server (<status>)` until its credential changes. Emits `changed`.
   */
  markRejected(profileId: string, httpStatus: number): void;
  /**
   * Attaches a note shown as the profile's `detail` while its source gives no problem of its own
   * (reauth: `delegated refresh failed: …`); null clears it. Emits `changed` when it changes.
   * Optional: an engine without it simply shows no note (the reauth code checks for it).
   * `refreshFailed`: the note says the refresh token is dead (refresh-failure.ts), so the profile
   * is no longer `refreshable` until its credential changes.
   */
  setNote?(profileId: string, note: string | null, options?: { refreshFailed?: boolean }): void;
  /**
   * Follows a new config (config.set): the `expiring` threshold, `auth.order`, the agent's models.
   * Emits `changed` when that moves a status or adds a depended-on profile.
   */
  applyConfig(config: Config): void;
  /** The `expiring` threshold in force. */
  warnBeforeMs?(): number;
  /** Called with the full list once per real change (file change, rejection, status crossing a threshold). */
  onChanged(listener: (profiles: ProfileView[]) => void): () => void;
}
