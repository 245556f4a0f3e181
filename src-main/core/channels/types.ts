// A chat channel (Discord, Slack, WhatsApp): started by the gateway, answers with the agent, reports
// a ChannelView — its state and the statuses of the credentials it runs on — for `channels.status`,
// the dashboard and the profile list.
import type { ChannelView } from '../../../src-shared/protocol/index.js';
import type { Agent } from '../agent/types.js';
import type { Endpoints } from '../config/paths.js';
import type { Config } from '../config/schema.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { OwnerDesk } from './owner-desk.js';
import type { WhatsAppSocketFactory } from './whatsapp-socket.js';

export interface Channel {
  readonly id: string;
  /** Connects (resolves once logged in, or once it has failed with a status saying why); never throws. */
  start(): Promise<void>;
  /** Disconnects and releases everything. */
  stop(): Promise<void>;
  status(): ChannelView;
  /** Called with the new view whenever the state changes (connecting, connected, error). */
  onStatus(listener: (view: ChannelView) => void): () => void;
  /**
   * Links the channel anew (WhatsApp: a fresh pairing QR in the view); resolves once it is linked
   * and connected, rejects with a one-line error. Absent on channels whose credential is a token.
   */
  link?(): Promise<void>;
}

/** A channel's config; `owner` may be left out (tests, older callers): no owner. */
type ChannelConfig<K extends keyof Config['channels']> = Omit<Config['channels'][K], 'owner'> & {
  owner?: string | null;
};

/** Re-login from a phone (owner-desk.ts): the owner's `relogin`, the owner DM, the held messages. */
type DeskOption = {
  /** Absent: no owner DM, no `relogin`, nothing held (a failed answer says why at once). */
  desk?: Pick<OwnerDesk, 'attach' | 'command' | 'hold'>;
};

export interface SlackChannelOptions extends DeskOption {
  config: ChannelConfig<'slack'>;
  agent: Pick<Agent, 'send'>;
  /** `SLACK_BOT_TOKEN` / `SLACK_APP_TOKEN` win over the keychain items `slack-bot-token` / `slack-app-token`. */
  env: Record<string, string | undefined>;
  secrets?: Pick<SecretStore, 'get'> & Partial<Pick<SecretStore, 'kind'>>;
  /** `slackApiUrl` (`CLAWBAR_SLACK_API_URL`); null means slack.com. */
  endpoints: Pick<Endpoints, 'slackApiUrl'>;
  pairingStateFile?: string;
  /** First delay before retrying a failed connection (doubles up to 5 min); default 5 s. */
  retryMinMs?: number;
}

export interface DiscordChannelOptions extends DeskOption {
  config: ChannelConfig<'discord'>;
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

export interface WhatsAppChannelOptions extends DeskOption {
  config: ChannelConfig<'whatsapp'>;
  agent: Pick<Agent, 'send'>;
  /** `$CLAWBAR_HOME/whatsapp`: the linked device's state. */
  dir: string;
  /** WhatsApp Web's WebSocket (`CLAWBAR_WHATSAPP_WS_URL`); Baileys' default when absent. */
  wsUrl?: string | null;
  /** Makes the Baileys socket; tests hand in a stand-in (WhatsApp's protocol is end-to-end encrypted). */
  socketFactory?: WhatsAppSocketFactory;
  pairingStateFile?: string;
  /** False: link only, never answer (the CLI's `channels login`, which must not greet anyone). Default true. */
  answer?: boolean;
  /** First delay before reconnecting a dropped link (doubles up to 5 min); default 2 s. */
  retryMinMs?: number;
}

/** All channels of a config, as the gateway holds them. */
export interface Channels {
  start(): Promise<void>;
  stop(): Promise<void>;
  list(): ChannelView[];
  /**
   * Starts linking channel `id` anew (WhatsApp). Throws at once, in one line, for a channel that is
   * unknown or set up with tokens; `done` settles when the link is made or has failed.
   */
  link(id: string): { done: Promise<void> };
  /** Called with the whole list on every state change (for the `channels.changed` event). */
  onChanged(listener: (channels: ChannelView[]) => void): () => void;
}

export interface ChannelsOptions extends DeskOption {
  config: Config;
  agent: Pick<Agent, 'send'>;
  env: Record<string, string | undefined>;
  secrets?: Pick<SecretStore, 'get'> & Partial<Pick<SecretStore, 'kind'>>;
  endpoints: Pick<Endpoints, 'discordApiUrl' | 'slackApiUrl' | 'whatsappWsUrl'>;
  /** `$CLAWBAR_HOME/state`: where channels keep small memories (who got a pairing hint). */
  stateDir?: string;
  /** `$CLAWBAR_HOME/whatsapp`; WhatsApp stays off without it. */
  whatsappDir?: string;
  /** Tests: the WhatsApp socket stand-in. */
  whatsappSocketFactory?: WhatsAppSocketFactory;
}
