// Where a channel's token comes from: its environment variable wins over the keychain item (or the
// secrets file), as for every other secret clawbar reads. The value is registered for redaction
// before anything else sees it.
import { registerSecret, type Logger } from '../log/logger.js';

import { errorText } from './error-text.js';

import type { SecretStore } from '../secrets/secret-store.js';

export interface ChannelSecret {
  value: string;
  /** `env`, or the store's kind (`keychain` / `file`): shown as the credential's source. */
  source: string;
}

export interface ChannelSecretQuery {
  env: Record<string, string | undefined>;
  envName: string;
  secrets?: Pick<SecretStore, 'get'> & Partial<Pick<SecretStore, 'kind'>>;
  account: string;
  /** Named in the warning when the store cannot be read ("the Slack bot token"). */
  what: string;
  log: Logger;
}

/** The secret, or null when neither the environment nor the store has one. Never throws. */
export async function readChannelSecret(query: ChannelSecretQuery): Promise<ChannelSecret | null> {
  const fromEnv = query.env[query.envName]?.trim();
  if (fromEnv) {
    registerSecret(fromEnv);
    return { value: fromEnv, source: 'env' };
  }
  if (!query.secrets) return null;
  try {
    const stored = (await query.secrets.get(query.account))?.trim();
    if (!stored) return null;
    registerSecret(stored);
    return { value: stored, source: query.secrets.kind ?? 'keychain' };
  } catch (error) {
    query.log.warn(`cannot read ${query.what} from the keychain: ${errorText(error)}`);
    return null;
  }
}
