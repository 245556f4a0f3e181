// The Slack channel (@slack/bolt in Socket Mode): answers DMs from allow-listed users and mentions
// in allowed channels with the agent, in the thread, split under Slack's message size. It needs two
// tokens — the bot token (`xoxb-`, for the Web API) and the app-level token (`xapp-`, to open the
// Socket Mode link) — and reports each as a credential: `static` while Slack takes it, `expired`
// once Slack rejects it, `missing` when absent. Bolt is imported only when the channel starts.
//
// Reconnection is done here rather than by the Socket Mode client (docs/channels.md#slack): its own retry loop rethrows
// a failed `apps.connections.open` (a revoked token, no network after a laptop wakes) from a timer
// where nothing can catch it, and an unhandled rejection would take the whole gateway down.
import { z } from 'zod';

import { errorMessage } from '../../../src-shared/error-message.js';
import { createLogger } from '../log/logger.js';
import { SECRET_ACCOUNTS } from '../secrets/secret-store.js';

import { replyText } from './channel-answer.js';
import { readChannelSecret, type ChannelSecret } from './channel-secret.js';
import { createViewState, initialView } from './channel-view.js';
import { errorText } from './error-text.js';
import { createInFlight } from './in-flight.js';
import { createPairingMemory } from './pairing-memory.js';
import { createRetryTimer } from './retry-timer.js';
import { splitMessage } from './split-message.js';

import type { ChannelCredentialView } from '../../../src-shared/protocol/index.js';
import type { Channel, SlackChannelOptions } from './types.js';
import type { App, Logger as BoltLogger, SocketModeReceiver } from '@slack/bolt';

const log = createLogger('slack');

const RETRY_MIN_MS = 5000;
/** How long `stop()` waits for the Socket Mode close handshake before dropping the link. */
const STOP_WAIT_MS = 2000;
/** Slack truncates `text` past 40 000 characters and advises keeping messages under 4 000. */
export const SLACK_CHUNK_LIMIT = 3900;

/** Web API error codes that mean the token itself is no longer accepted. */
const REJECTED_CODES = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive',
  'team_disabled',
  'user_removed_from_team',
]);

export const NO_TOKENS_DETAIL = {
  bot: 'no Slack bot token — run: clawbar secrets set slack-bot-token (or set SLACK_BOT_TOKEN)',
  app: 'no Slack app-level token — run: clawbar secrets set slack-app-token (or set SLACK_APP_TOKEN)',
} as const;

const TOKEN_KINDS = {
  bot: { id: 'slack:bot', prefix: 'xoxb-', env: 'SLACK_BOT_TOKEN', account: SECRET_ACCOUNTS.slackBotToken },
  app: { id: 'slack:app', prefix: 'xapp-', env: 'SLACK_APP_TOKEN', account: SECRET_ACCOUNTS.slackAppToken },
} as const;
type TokenKind = keyof typeof TOKEN_KINDS;

/** The reply a DM from someone not on the allow list gets, once. */
export function slackPairingHint(userId: string): string {
  return (
    `Hi! This bot only answers people on its allow list, and you are not on it yet. ` +
    `Your Slack user id is ${userId}. To allow it, the bot's owner adds it to ` +
    `channels.slack.allowFrom in ~/.clawbar/config.json ("allowFrom": ["${userId}"]) and restarts the clawbar gateway.`
  );
}

/** `<@U123>` / `<@U123|name>` mentions of the bot removed, whitespace tidied. */
export function stripSlackMention(text: string, botUserId: string): string {
  return text
    .replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

// What clawbar reads of the two events it answers (Slack's Events API shapes); anything else is ignored.
const dmEventSchema = z.object({
  type: z.literal('message'),
  channel_type: z.literal('im'),
  channel: z.string().min(1),
  user: z.string().min(1),
  text: z.string(),
  ts: z.string().min(1),
  thread_ts: z.string().optional(),
  // Edits, joins, bot posts and the like carry a subtype or a bot_id: not someone talking to us.
  subtype: z.undefined().optional(),
  bot_id: z.undefined().optional(),
});
const mentionEventSchema = z.object({
  type: z.literal('app_mention'),
  channel: z.string().min(1),
  user: z.string().min(1),
  text: z.string(),
  ts: z.string().min(1),
  thread_ts: z.string().optional(),
  bot_id: z.undefined().optional(),
});

interface SlackFailure {
  detail: string;
  retry: boolean;
  /** The token Slack turned down, if that is what happened. */
  rejected: TokenKind | null;
}

/** Turns a Web API / Socket Mode error into a one-line reason; `kind` is the token the call used. */
function describeFailure(error: unknown, kind: TokenKind): SlackFailure {
  const e = error as { code?: unknown; data?: { error?: unknown }; statusCode?: unknown; original?: unknown };
  if (e?.code === 'slack_webapi_platform_error') {
    const code = String(e.data?.error ?? 'unknown_error');
    const secret = kind === 'bot' ? 'slack-bot-token' : 'slack-app-token';
    if (REJECTED_CODES.has(code)) {
      return {
        detail: `Slack rejected the ${kind} token (${code}) — run: clawbar secrets set ${secret}`,
        retry: false,
        rejected: kind,
      };
    }
    if (code === 'not_allowed_token_type') {
      return {
        detail: `Slack says the ${kind} token is the wrong kind of token — run: clawbar secrets set ${secret}`,
        retry: false,
        rejected: kind,
      };
    }
    return { detail: `Slack answered ${code}`, retry: true, rejected: null };
  }
  if (e?.code === 'slack_webapi_http_error') {
    return { detail: `cannot reach Slack: HTTP ${String(e.statusCode)}`, retry: true, rejected: null };
  }
  if (e?.code === 'slack_webapi_request_error') {
    return { detail: `cannot reach Slack: ${errorText(e.original ?? error)}`, retry: true, rejected: null };
  }
  if (error === undefined)
    return { detail: 'cannot reach Slack: the Socket Mode link closed', retry: true, rejected: null };
  return { detail: `cannot reach Slack: ${errorText(error)}`, retry: true, rejected: null };
}

/**
 * Bolt's and the Socket Mode client's own log lines go to debug (`CLAWBAR_DEBUG=1`): the channel
 * reports what matters itself, and their debug output carries message text and link tickets.
 */
function boltLogger(): BoltLogger {
  const sdk = log.child('bolt');
  const line = (parts: unknown[]) => parts.map((p) => errorMessage(p)).join(' ');
  let level = 'debug';
  return {
    debug: (...parts: unknown[]) => sdk.debug(line(parts)),
    info: (...parts: unknown[]) => sdk.debug(line(parts)),
    warn: (...parts: unknown[]) => sdk.debug(line(parts)),
    error: (...parts: unknown[]) => sdk.debug(line(parts)),
    setLevel: (next) => void (level = next),
    getLevel: () => level as ReturnType<BoltLogger['getLevel']>,
    setName: () => undefined,
  };
}

/** Creates the Slack channel. `start()` never throws: failures show in `status()`. */
export function createSlackChannel(options: SlackChannelOptions): Channel {
  const { config } = options;
  const state = createViewState(initialView('slack', config.enabled));
  const setView = state.set;
  const retry = createRetryTimer(options.retryMinMs ?? RETRY_MIN_MS);
  const pairing = createPairingMemory(options.pairingStateFile, log);
  const inFlight = createInFlight(log);
  const credentials: Record<TokenKind, ChannelCredentialView> = {
    bot: { id: 'slack:bot', status: 'missing', source: 'keychain', detail: null },
    app: { id: 'slack:app', status: 'missing', source: 'keychain', detail: null },
  };
  let app: App | null = null;
  let receiver: SocketModeReceiver | null = null;
  let botUserId: string | null = null;
  let stopped = true;
  // Bumped on every (re)connection attempt, so a late event of an older link changes nothing.
  let generation = 0;

  const setCredential = (kind: TokenKind, patch: Partial<ChannelCredentialView>) => {
    credentials[kind] = { ...credentials[kind], ...patch };
    setView({ credentials: [credentials.bot, credentials.app] });
  };

  async function readToken(kind: TokenKind): Promise<ChannelSecret | null> {
    const spec = TOKEN_KINDS[kind];
    const secret = await readChannelSecret({
      env: options.env,
      envName: spec.env,
      ...(options.secrets ? { secrets: options.secrets } : {}),
      account: spec.account,
      what: `the Slack ${kind} token`,
      log,
    });
    if (!secret) {
      setCredential(kind, { status: 'missing', source: options.secrets?.kind ?? 'keychain', detail: 'not set' });
      return null;
    }
    if (!secret.value.startsWith(spec.prefix)) {
      // Only the prefix is named: it says which token was pasted without revealing any of it.
      const found = /^(xox[a-z]-|xapp-)/.exec(secret.value)?.[1];
      setCredential(kind, {
        status: 'missing',
        source: secret.source,
        detail: `not a ${kind} token (${spec.prefix}…)${found ? `: it starts with ${found}` : ''}`,
      });
      return null;
    }
    setCredential(kind, { status: 'static', source: secret.source, detail: null });
    return secret;
  }

  /** The one-line error for a token that is absent or of the wrong kind. */
  function tokenProblem(kind: TokenKind): string {
    const { detail } = credentials[kind];
    if (detail === 'not set') return NO_TOKENS_DETAIL[kind];
    const secret = kind === 'bot' ? 'slack-bot-token' : 'slack-app-token';
    return `the Slack ${kind} token is ${detail} — run: clawbar secrets set ${secret}`;
  }

  async function post(channel: string, text: string, threadTs: string | undefined): Promise<void> {
    if (!app) throw new Error('not connected to Slack');
    for (const chunk of splitMessage(text, SLACK_CHUNK_LIMIT)) {
      await app.client.chat.postMessage({
        channel,
        text: chunk,
        ...(threadTs ? { thread_ts: threadTs } : {}),
        unfurl_links: false,
        unfurl_media: false,
      });
    }
  }

  async function answer(sessionKey: string, text: string, channel: string, threadTs: string | undefined) {
    const result = await options.agent.send({ sessionKey, message: text }).done;
    const reply = replyText(result, options.desk, {
      sessionKey,
      text,
      answer: () => answer(sessionKey, text, channel, threadTs),
      tell: (note) => post(channel, note, threadTs),
    });
    await post(channel, reply, threadTs);
  }

  /** The owner's DM line (owner-desk.ts): `conversations.open` finds (or opens) the DM with them. */
  function attachOwner(owner: string): () => void {
    return (
      options.desk?.attach({
        channel: 'slack',
        owner,
        ready: () => app !== null && state.get().state === 'connected',
        dm: async (text) => {
          if (!app) throw new Error('not connected to Slack');
          const opened = await app.client.conversations.open({ users: owner });
          if (!opened.channel?.id) throw new Error('Slack opened no DM with the owner');
          await post(opened.channel.id, text, undefined);
        },
      }) ?? (() => undefined)
    );
  }
  let detachOwner: (() => void) | null = null;

  async function onDm(event: z.infer<typeof dmEventSchema>): Promise<void> {
    const command = {
      channel: 'slack',
      senderId: event.user,
      direct: true,
      text: event.text,
      reply: (text: string) => post(event.channel, text, event.thread_ts),
    };
    // The owner's `relogin` (owner-desk.ts); anyone else's is an ordinary message.
    if (options.desk?.command(command)) return;
    if (!config.allowFrom.includes(event.user) && event.user !== config.owner) {
      if (!(await pairing.firstTime(event.user))) return;
      log.info(`DM from ${event.user} who is not in channels.slack.allowFrom; sent the pairing hint`);
      await post(event.channel, slackPairingHint(event.user), event.thread_ts);
      return;
    }
    const text = event.text.trim();
    // A DM thread keeps its own conversation; the DM itself is one conversation per person.
    const sessionKey = event.thread_ts ? `slack:thread:${event.channel}:${event.thread_ts}` : `slack:dm:${event.user}`;
    if (text) await answer(sessionKey, text, event.channel, event.thread_ts);
  }

  async function onMention(event: z.infer<typeof mentionEventSchema>): Promise<void> {
    if (!botUserId || event.user === botUserId) return;
    // DMs are answered (or not) by the allow list above, never through a mention.
    if (event.channel.startsWith('D') || !config.channels.includes(event.channel)) return;
    const text = stripSlackMention(event.text, botUserId);
    const threadTs = event.thread_ts ?? event.ts;
    if (text) await answer(`slack:thread:${event.channel}:${threadTs}`, text, event.channel, threadTs);
  }

  async function teardown(): Promise<void> {
    const current = receiver;
    app = null;
    receiver = null;
    if (!current) return;
    await Promise.race([
      current.client.disconnect().catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, STOP_WAIT_MS).unref()),
    ]);
  }

  function fail(failure: SlackFailure): void {
    if (failure.rejected) setCredential(failure.rejected, { status: 'expired', detail: `rejected by Slack` });
    setView({ state: 'error', detail: failure.retry ? `${failure.detail}; retrying` : failure.detail });
    log.warn(failure.detail);
    if (failure.retry && !stopped) retry.schedule(() => void connect());
  }

  /** Reads the tokens, names the bot (auth.test), then opens the Socket Mode link. */
  async function connect(): Promise<void> {
    const attempt = ++generation;
    await teardown();
    const [bot, appToken] = [await readToken('bot'), await readToken('app')];
    if (stopped || attempt !== generation) return;
    if (!bot || !appToken) {
      const detail = tokenProblem(!bot ? 'bot' : 'app');
      setView({ state: 'error', detail });
      log.warn(detail);
      return;
    }
    setView({ state: 'connecting', detail: null });
    const bolt = await import('@slack/bolt');
    const logger = boltLogger();
    const apiUrl = options.endpoints.slackApiUrl ? { slackApiUrl: options.endpoints.slackApiUrl } : {};
    // No retries inside the SDK: a failure is reported at once and retried by this channel's back-off.
    const clientOptions = { ...apiUrl, logger, retryConfig: { retries: 0 } };

    let identity: { userId: string; botId: string };
    try {
      const probe = new bolt.webApi.WebClient(bot.value, clientOptions);
      const result = await probe.auth.test();
      identity = { userId: String(result.user_id ?? ''), botId: String(result.bot_id ?? '') };
      if (!identity.userId) throw new Error('auth.test named no bot user');
    } catch (error) {
      if (!stopped && attempt === generation) fail(describeFailure(error, 'bot'));
      return;
    }
    if (stopped || attempt !== generation) return;
    botUserId = identity.userId;

    const nextReceiver = new bolt.SocketModeReceiver({
      appToken: appToken.value,
      logger,
      autoReconnectEnabled: false,
      installerOptions: { clientOptions: { ...clientOptions } },
    });
    // botId + botUserId given: Bolt skips its own auth.test (whose rejection nothing would catch).
    const nextApp = new bolt.App({
      token: bot.value,
      botId: identity.botId,
      botUserId: identity.userId,
      receiver: nextReceiver,
      logger,
      clientOptions: { ...apiUrl, logger, retryConfig: { retries: 2, factor: 2, minTimeout: 500 } },
      convoStore: false,
    });
    nextApp.event('message', async ({ event }) => {
      const dm = dmEventSchema.safeParse(event);
      if (dm.success) inFlight.track(onDm(dm.data), `DM ${dm.data.ts}`);
    });
    nextApp.event('app_mention', async ({ event }) => {
      const mention = mentionEventSchema.safeParse(event);
      if (mention.success) inFlight.track(onMention(mention.data), `mention ${mention.data.ts}`);
    });
    nextApp.error(async (error) => log.warn(`Slack event failed: ${errorText(error)}`));
    nextReceiver.client.on('disconnected', () => {
      // Slack recycles links every few hours (a `disconnect` message) and networks drop: reconnect.
      if (stopped || attempt !== generation || state.get().state !== 'connected') return;
      setView({ state: 'connecting', detail: 'disconnected; reconnecting' });
      log.info('Socket Mode link closed; reconnecting');
      void connect();
    });
    app = nextApp;
    receiver = nextReceiver;

    try {
      await nextReceiver.start();
    } catch (error) {
      if (!stopped && attempt === generation) {
        await teardown();
        fail(describeFailure(error, 'app'));
      }
      return;
    }
    if (stopped || attempt !== generation) return;
    retry.reset();
    setView({ state: 'connected', detail: null, botUserId: identity.userId });
    log.info(`logged in to slack as ${identity.userId}`);
    if (config.owner && !detachOwner) detachOwner = attachOwner(config.owner);
  }

  return {
    id: 'slack',
    async start() {
      if (!config.enabled) return;
      stopped = false;
      await connect();
    },
    async stop() {
      stopped = true;
      generation++;
      retry.cancel();
      detachOwner?.();
      detachOwner = null;
      await teardown();
      await inFlight.drain();
      if (config.enabled) setView({ state: 'disabled', detail: 'stopped' });
    },
    status: state.get,
    onStatus: state.onStatus,
  };
}
