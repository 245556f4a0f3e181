// What a source reports about one profile before status is computed: the inside-the-process
// counterpart of ProfileView, holding the secret in `credential`.
import type { Credential, ProfileType } from './types.js';

export interface ProfileReading {
  id: string;
  provider: string;
  type: ProfileType;
  /** `codex-cli`, `claude-cli`, `env`, `clawbar`, `keychain`. */
  source: string;
  /** Epoch ms, null when unknown or not applicable (API keys). */
  expiresAt: number | null;
  email?: string;
  accountId?: string;
  plan?: string;
  refreshable: boolean;
  /** The account (config `accounts`) whose home holds it; absent for the default home. */
  account?: string;
  /** That account's label, for menus. */
  accountLabel?: string;
  /** The usable secret; null when the source exists but holds no usable credential. */
  credential: Credential | null;
  /** Why there is no usable credential: one line, never a secret. */
  problem: string | null;
  /** Set while a provider's 401/403 stands against the current credential. */
  rejectedStatus?: number;
  /** A note about the current credential from elsewhere (a failed delegated refresh), one line. */
  note?: string;
  /** The note says the refresh token is dead (refresh_token_reused, …): only a new login helps. */
  refreshFailed?: boolean;
  /**
   * The access token's whole lifetime (expiry − issue) when known: a token its CLI refreshes is
   * `expiring` only within a quarter of it (status.ts), so an 8-hour Claude token is not always so.
   */
  lifetimeMs?: number;
  /** Who refreshes this token on its own when it is used (`Claude Code`, `Codex`, `clawbar`). */
  refreshedBy?: string;
}

/** The provider part of a profile id: `<provider>:<name>` → `<provider>`. */
export function providerOf(profileId: string): string {
  const colon = profileId.indexOf(':');
  return colon === -1 ? profileId : profileId.slice(0, colon);
}

/** A profile with no usable credential, with the reason in one line. */
export function missingReading(
  id: string,
  source: string,
  problem: string,
  type: ProfileType = 'oauth',
): ProfileReading {
  return {
    id,
    provider: providerOf(id),
    type,
    source,
    expiresAt: null,
    refreshable: false,
    credential: null,
    problem,
  };
}
