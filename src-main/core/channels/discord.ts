// The Discord channel (discord.js v14): answers DMs from allow-listed users and mentions in
// allowed guild channels with the agent, shows "typing…" while the model works, splits long
// answers, and reconnects on its own (discord.js resumes dropped gateway sessions; a failed
// login is retried here with backoff). discord.js is imported only when the channel starts.

import { z } from 'zod';

import { errorMessage } from '../../../src-shared/error-message.js';
import { writeJsonAtomic } from '../config/atomic-file.js';
import { readOwnFile } from '../config/own-files.js';
import { createLogger, registerSecret } from '../log/logger.js';
import { SECRET_ACCOUNTS } from '../secrets/secret-store.js';

import { splitMessage } from './split-message.js';

import type { ChannelView } from '../../../src-shared/protocol/index.js';
import type { Channel, DiscordChannelOptions } from './types.js';
import type { Client, Message } from 'discord.js';

const log = createLogger('discord');

const pairingStateSchema = z.object({ hinted: z.array(z.string()) });

/** Discord shows "typing…" for 10 s per request; refresh it a little sooner while the model works. */
const TYPING_REFRESH_MS = 8000;
const RETRY_MIN_MS = 5000;
const RETRY_MAX_MS = 5 * 60_000;

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

function describeLoginError(error: unknown): { detail: string; retry: boolean } {
  const e = error as { code?: unknown; status?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message.split('\n')[0]! : String(error);
  if (e?.code === 'TokenInvalid' || e?.status === 401) {
    return { detail: 'Discord rejected the bot token — run: clawbar secrets set discord-token', retry: false };
  }
  if (e?.code === 'DisallowedIntents' || /disallowed intents/i.test(message)) {
    return {
      detail: 'Discord refused the Message Content intent — enable it for the bot in the Discord developer portal',
      retry: false,
    };
  }
  return { detail: `cannot reach Discord: ${message}`, retry: true };
}

/** Creates the Discord channel. `start()` never throws: failures show in `status()`. */
export function createDiscordChannel(options: DiscordChannelOptions): Channel {
  const { config } = options;
  const listeners = new Set<(view: ChannelView) => void>();
  let view: ChannelView = {
    id: 'discord',
    enabled: config.enabled,
    state: 'disabled',
    detail: config.enabled ? null : 'disabled in config (channels.discord.enabled)',
  };
  let client: Client | null = null;
  let stopped = false;
  let retryTimer: NodeJS.Timeout | null = null;
  const retryMinMs = options.retryMinMs ?? RETRY_MIN_MS;
  let retryDelay = retryMinMs;
  const hinted = new Set<string>();
  let hintedLoaded: Promise<void> | null = null;
  const inFlight = new Set<Promise<void>>();

  const setView = (next: Partial<ChannelView>) => {
    view = { ...view, ...next };
    for (const listener of listeners) listener(view);
  };

  async function resolveToken(): Promise<string | null> {
    const fromEnv = options.env.DISCORD_BOT_TOKEN?.trim();
    if (fromEnv) return fromEnv;
    if (!options.secrets) return null;
    try {
      return (await options.secrets.get(SECRET_ACCOUNTS.discordToken))?.trim() || null;
    } catch (error) {
      log.warn(`cannot read the Discord token from the keychain: ${errorMessage(error)}`);
      return null;
    }
  }

  // One shared load: concurrent DMs all wait for it, then check-and-add without awaiting in between.
  function loadHinted(): Promise<void> {
    hintedLoaded ??= (async () => {
      if (!options.pairingStateFile) return;
      try {
        const parsed = pairingStateSchema.safeParse(JSON.parse((await readOwnFile(options.pairingStateFile)) ?? ''));
        if (parsed.success) for (const id of parsed.data.hinted) hinted.add(id);
      } catch {
        // Absent or unreadable: at worst someone gets the hint a second time.
      }
    })();
    return hintedLoaded;
  }

  async function saveHinted(): Promise<void> {
    if (!options.pairingStateFile) return;
    await writeJsonAtomic(options.pairingStateFile, { hinted: [...hinted] }).catch((error: unknown) =>
      log.warn(`cannot save ${options.pairingStateFile}: ${errorMessage(error)}`),
    );
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
      reply = result.text || '(no answer)';
    } finally {
      clearInterval(typingTimer);
    }
    const chunks = splitMessage(reply);
    for (const [index, chunk] of chunks.entries()) {
      if (index === 0 && message.inGuild())
        await message.reply({ content: chunk, allowedMentions: { repliedUser: false } });
      else if ('send' in channel) await channel.send({ content: chunk, allowedMentions: { parse: [] } });
    }
  }

  async function onMessage(message: Message): Promise<void> {
    const botId = client?.user?.id;
    if (!botId || message.author.bot || message.author.id === botId) return;
    if (!message.inGuild()) {
      if (!config.allowFrom.includes(message.author.id)) {
        await loadHinted();
        if (hinted.has(message.author.id)) return;
        hinted.add(message.author.id);
        await saveHinted();
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

  function scheduleRetry(): void {
    if (stopped) return;
    const delay = retryDelay;
    retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, delay);
    retryTimer.unref();
  }

  async function connect(): Promise<void> {
    const token = await resolveToken();
    if (stopped) return;
    if (!token) {
      setView({ state: 'error', detail: NO_TOKEN_DETAIL });
      log.warn(NO_TOKEN_DETAIL);
      return;
    }
    registerSecret(token);
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
    next.on(Events.MessageCreate, (message) => {
      const task = onMessage(message).catch((error: unknown) =>
        log.warn(`could not answer message ${message.id}: ${errorMessage(error)}`),
      );
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
    });
    next.on(Events.ShardDisconnect, () => setView({ state: 'connecting', detail: 'disconnected; reconnecting' }));
    next.on(Events.ShardReconnecting, () => setView({ state: 'connecting', detail: 'reconnecting' }));
    next.on(Events.ShardResume, () => setView({ state: 'connected', detail: null }));
    next.on(Events.ShardReady, () => {
      if (next.user) setView({ state: 'connected', detail: null });
    });
    next.on(Events.Error, (error) => log.warn(`discord.js: ${error.message}`));
    try {
      await next.login(token);
      await new Promise<void>((resolve) =>
        next.isReady() ? resolve() : next.once(Events.ClientReady, () => resolve()),
      );
    } catch (error) {
      await next.destroy().catch(() => undefined);
      if (client === next) client = null;
      if (stopped) return;
      const { detail, retry } = describeLoginError(error);
      setView({ state: 'error', detail: retry ? `${detail}; retrying` : detail });
      log.warn(detail);
      if (retry) scheduleRetry();
      return;
    }
    if (stopped) return;
    retryDelay = retryMinMs;
    const user = next.user!;
    setView({ state: 'connected', botUserId: user.id, botTag: user.tag, detail: null });
    log.info(`logged in to discord as ${user.id}`);
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
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      const current = client;
      client = null;
      if (current) await current.destroy().catch(() => undefined);
      await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, 1000).unref())]);
      if (config.enabled) setView({ state: 'disabled', detail: 'stopped' });
    },
    status: () => view,
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
