// A chat channel (Discord today): started by the gateway, answers with the agent, reports a
// ChannelView for `channels.status` and the dashboard.
import type { ChannelView } from '../../../src-shared/protocol/index.js';
import type { Agent } from '../agent/types.js';
import type { Endpoints } from '../config/paths.js';
import type { Config } from '../config/schema.js';
import type { SecretStore } from '../secrets/secret-store.js';

export interface Channel {
  readonly id: string;
  /** Connects (resolves once logged in, or once it has failed with a status saying why); never throws. */
  start(): Promise<void>;
  /** Disconnects and releases everything. */
  stop(): Promise<void>;
  status(): ChannelView;
  /** Called with the new view whenever the state changes (connecting, connected, error). */
  onStatus(listener: (view: ChannelView) => void): () => void;
}

export interface DiscordChannelOptions {
  config: Config['channels']['discord'];
  agent: Pick<Agent, 'send'>;
  /** Where the token lives: `DISCORD_BOT_TOKEN` wins over the keychain item `discord-token`. */
  env: Record<string, string | undefined>;
  secrets?: Pick<SecretStore, 'get'>;
  /** `discordApiUrl` is the REST base (`CLAWBAR_DISCORD_API_URL`); null means discord.com. */
  endpoints: Pick<Endpoints, 'discordApiUrl'>;
  /** Remembers who got the pairing hint, so it stays one-time across restarts; memory only when absent. */
  pairingStateFile?: string;
  /** First delay before retrying a failed login (doubles up to 5 min); default 5 s. */
  retryMinMs?: number;
}

/** All channels of a config, as the gateway holds them. */
export interface Channels {
  start(): Promise<void>;
  stop(): Promise<void>;
  list(): ChannelView[];
  /** Called with the whole list on every state change (for the `channels.changed` event). */
  onChanged(listener: (channels: ChannelView[]) => void): () => void;
}

export interface ChannelsOptions {
  config: Config;
  agent: Pick<Agent, 'send'>;
  env: Record<string, string | undefined>;
  secrets?: Pick<SecretStore, 'get'>;
  endpoints: Pick<Endpoints, 'discordApiUrl'>;
  /** `$CLAWBAR_HOME/state`: where channels keep small memories (who got the Discord pairing hint). */
  stateDir?: string;
}
