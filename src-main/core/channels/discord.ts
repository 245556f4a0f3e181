// The Discord channel (discord.js v14): answers DMs from allow-listed users and mentions in
// allowed guild channels with the agent, shows "typing…" while the model works, splits long
// answers, and reconnects on its own (discord.js resumes dropped gateway sessions; a failed
// login is retried here with backoff). discord.js is imported only when the channel starts.
import { createLogger } from '../log/logger.js';
import { SECRET_ACCOUNTS } from '../secrets/secret-store.js';

import { replyText } from './channel-answer.js';
import { readChannelSecret } from './channel-secret.js';
import { createViewState, initialView } from './channel-view.js';
import { errorText } from './error-text.js';
import { createInFlight } from './in-flight.js';
import { createPairingMemory } from './pairing-memory.js';
import { createRetryTimer } from './retry-timer.js';
import { splitMessage } from './split-message.js';

import type { ChannelCredentialView } from '../../../src-shared/protocol/index.js';
import type { Channel, DiscordChannelOptions } from './types.js';
import type { Client, Message, TextBasedChannel } from 'discord.js';

const log = createLogger('discord');

/** Discord shows "typing…" for 10 s per request (docs/channels.md#discord); renew it sooner while the model works. */
const TYPING_REFRESH_MS = 8000;
const RETRY_MIN_MS = 5000;

export const NO_TOKEN_DETAIL =
  'no Discord bot token — run: clawbar secrets set discord-token (or set DISCORD_BOT_TOKEN)';

/** The reply a DM from someone not on the allow list gets, once. */
export function pairingHint(userId: string): string {
  return (
    `Hi! This bot only answers people on its allow list, and you are not on it yet. ` +
    `Your Discord user id is ${userId}. To allow it, the bot's owner adds it to ` +
    `channels.discord.allowFrom in ~/.clawbar/config.json ("allowFrom": ["${userId}"]) and restarts the clawbar gateway.`
  );
}

/** `<@123>` / `<@!123>` mentions of the bot removed, whitespace tidied. */
export function stripMention(content: string, botId: string): string {
  return content
    .replace(new RegExp(`<@!?${botId}>`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function describeLoginError(error: unknown): { detail: string; retry: boolean; rejected: boolean } {
  const e = error as { code?: unknown; status?: unknown };
  const message = errorText(error);
  if (e?.code === 'TokenInvalid' || e?.status === 401) {
    return {
      detail: 'Discord rejected the bot token — run: clawbar secrets set discord-token',
      retry: false,
      rejected: true,
    };
  }
  if (e?.code === 'DisallowedIntents' || /disallowed intents/i.test(message)) {
    return {
      detail: 'Discord refused the Message Content intent — enable it for the bot in the Discord developer portal',
      retry: false,
      rejected: false,
    };
  }
  return { detail: `cannot reach Discord: ${message}`, retry: true, rejected: false };
}

/** Creates the Discord channel. `start()` never throws: failures show in `status()`. */
export function createDiscordChannel(options: DiscordChannelOptions): Channel {
  const { config } = options;
  const state = createViewState(initialView('discord', config.enabled));
  const setView = state.set;
  let client: Client | null = null;
  let stopped = false;
  const retry = createRetryTimer(options.retryMinMs ?? RETRY_MIN_MS);
  const pairing = createPairingMemory(options.pairingStateFile, log);
  const inFlight = createInFlight(log);
  const credential = (status: ChannelCredentialView['status'], source: string, detail: string | null) =>
    setView({ credentials: [{ id: 'discord:bot', status, source, detail }] });
  let detachOwner: (() => void) | null = null;
  /** The owner's DM line (owner-desk.ts), attached once connected. */
  const attachOwner = (owner: string) =>
    options.desk?.attach({
      channel: 'discord',
      owner,
      ready: () => client?.isReady() === true && state.get().state === 'connected',
      dm: async (text) => {
        if (!client) throw new Error('not connected to Discord');
        const dm = await client.users.createDM(owner);
        await say(dm, text);
      },
    }) ?? null;

  /** Sends `text` (split to Discord's limit) into a channel, mentioning no one. */
  async function say(channel: TextBasedChannel, text: string): Promise<void> {
    for (const chunk of splitMessage(text)) {
      if ('send' in channel) await channel.send({ content: chunk, allowedMentions: { parse: [] } });
    }
  }

  async function answer(message: Message, sessionKey: string, text: string): Promise<void> {
    const channel = message.channel;
    const typing = () => {
      if ('sendTyping' in channel) {
        channel.sendTyping().catch((error: unknown) => log.debug(`typing indicator failed: ${String(error)}`));
      }
    };
    typing();
    const typingTimer = setInterval(typing, TYPING_REFRESH_MS);
    let reply: string;
    try {
      const result = await options.agent.send({ sessionKey, message: text }).done;
      reply = replyText(result, options.desk, {
        sessionKey,
        text,
        answer: () => answer(message, sessionKey, text),
        tell: (note) => say(channel, note),
      });
    } finally {
      clearInterval(typingTimer);
    }
    const chunks = splitMessage(reply);
    for (const [index, chunk] of chunks.entries()) {
      if (index === 0 && message.inGuild())
        await message.reply({ content: chunk, allowedMentions: { repliedUser: false } });
      else await say(channel, chunk);
    }
  }

  async function onMessage(message: Message): Promise<void> {
    const botId = client?.user?.id;
    if (!botId || message.author.bot || message.author.id === botId) return;
    if (!message.inGuild()) {
      const sender = message.author.id;
      const command = {
        channel: 'discord',
        senderId: sender,
        direct: true,
        text: message.content,
        reply: (text: string) => say(message.channel, text),
      };
      // The owner's `relogin` (owner-desk.ts); anyone else's is an ordinary message.
      if (options.desk?.command(command)) return;
      if (!config.allowFrom.includes(sender) && sender !== config.owner) {
        if (!(await pairing.firstTime(message.author.id))) return;
        log.info(`DM from ${message.author.id} who is not in channels.discord.allowFrom; sent the pairing hint`);
        if ('send' in message.channel) await message.channel.send({ content: pairingHint(message.author.id) });
        return;
      }
      const text = message.content.trim();
      if (text) await answer(message, `discord:dm:${message.author.id}`, text);
      return;
    }
    if (!config.guildChannels.includes(message.channelId)) return;
    if (!message.mentions.users.has(botId)) return;
    const text = stripMention(message.content, botId);
    if (text) await answer(message, `discord:channel:${message.channelId}`, text);
  }

  async function connect(): Promise<void> {
    const secret = await readChannelSecret({
      env: options.env,
      envName: 'DISCORD_BOT_TOKEN',
      ...(options.secrets ? { secrets: options.secrets } : {}),
      account: SECRET_ACCOUNTS.discordToken,
      what: 'the Discord token',
      log,
    });
    if (stopped) return;
    if (!secret) {
      credential('missing', 'keychain', 'no bot token');
      setView({ state: 'error', detail: NO_TOKEN_DETAIL });
      log.warn(NO_TOKEN_DETAIL);
      return;
    }
    const token = secret.value;
    credential('static', secret.source, null);
    setView({ state: 'connecting', detail: null });
    const { Client, GatewayIntentBits, Partials, Events } = await import('discord.js');
    const next = new Client({
      // DMs need no privileged intent; reading guild messages needs Message Content, which the bot's
      // owner must enable in the developer portal — so it is asked for only when guild channels are set.
      intents: [
        GatewayIntentBits.Guilds,
        GatewayIntentBits.DirectMessages,
        ...(config.guildChannels.length > 0 ? [GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent] : []),
      ],
      // DM channels are not cached before their first message; without this discord.js drops DMs.
      partials: [Partials.Channel],
      ...(options.endpoints.discordApiUrl ? { rest: { api: options.endpoints.discordApiUrl } } : {}),
    });
    client = next;
    next.on(Events.MessageCreate, (message) => inFlight.track(onMessage(message), `message ${message.id}`));
    next.on(Events.ShardDisconnect, () => setView({ state: 'connecting', detail: 'disconnected; reconnecting' }));
    next.on(Events.ShardReconnecting, () => setView({ state: 'connecting', detail: 'reconnecting' }));
    next.on(Events.ShardResume, () => setView({ state: 'connected', detail: null }));
    next.on(Events.ShardReady, () => {
      if (next.user) setView({ state: 'connected', detail: null });
    });
    next.on(Events.Error, (error) => log.warn(`discord.js: ${errorText(error)}`));
    try {
      await next.login(token);
      await new Promise<void>((resolve) =>
        next.isReady() ? resolve() : next.once(Events.ClientReady, () => resolve()),
      );
    } catch (error) {
      await next.destroy().catch(() => undefined);
      if (client === next) client = null;
      if (stopped) return;
      const failure = describeLoginError(error);
      if (failure.rejected) credential('expired', secret.source, 'rejected by Discord');
      setView({ state: 'error', detail: failure.retry ? `${failure.detail}; retrying` : failure.detail });
      log.warn(failure.detail);
      if (failure.retry) retry.schedule(() => void connect());
      return;
    }
    if (stopped) return;
    retry.reset();
    const user = next.user!;
    setView({ state: 'connected', botUserId: user.id, botTag: user.tag, detail: null });
    log.info(`logged in to discord as ${user.id}`);
    if (config.owner && !detachOwner) detachOwner = attachOwner(config.owner);
  }

  return {
    id: 'discord',
    async start() {
      if (!config.enabled) return;
      stopped = false;
      await connect();
    },
    async stop() {
      stopped = true;
      retry.cancel();
      detachOwner?.();
      detachOwner = null;
      const current = client;
      client = null;
      if (current) await current.destroy().catch(() => undefined);
      await inFlight.drain();
      if (config.enabled) setView({ state: 'disabled', detail: 'stopped' });
    },
    status: state.get,
    onStatus: state.onStatus,
  };
}
