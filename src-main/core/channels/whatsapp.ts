// The WhatsApp channel (Baileys, linked as a device of the user's phone): answers DMs from
// allow-listed numbers with the agent and greets others once with the pairing hint. Its credential
// is the link itself, `whatsapp:+<number>`: `ok` while linked, `expired` once WhatsApp logs the
// device out (from the phone, or after long phone inactivity), `missing` before the first link.
// `link()` pairs a new device: the QR code's text rides in the channel view (the dashboard draws it,
// `clawbar channels login whatsapp` prints it) until the phone scans it.
//
// Baileys' close codes (docs/channels.md#whatsapp) drive the state: 515 (restart required, right
// after pairing) reconnects at
// once; 401 (logged out), 500 (bad session) and 411 (multi-device mismatch) end the link; 440
// (another client took the session over) stops without reconnecting, so two programs do not
// take it from each other in a loop; anything else reconnects with back-off.
import { watch, type FSWatcher } from 'node:fs';

import { createLogger } from '../log/logger.js';

import { replyText } from './channel-answer.js';
import { createViewState, initialView } from './channel-view.js';
import { errorText } from './error-text.js';
import { createInFlight } from './in-flight.js';
import { createPairingMemory } from './pairing-memory.js';
import { createRetryTimer } from './retry-timer.js';
import { splitMessage } from './split-message.js';
import { loadWhatsAppAuthState, numberOfJid, type WhatsAppAuthStore } from './whatsapp-auth-state.js';
import { createBaileysSocket, WA_WEB_VERSION, type WhatsAppSocket, type WhatsAppEvents } from './whatsapp-socket.js';

import type { ChannelCredentialView } from '../../../src-shared/protocol/index.js';
import type { Channel, WhatsAppChannelOptions } from './types.js';
import type { ILogger } from '@whiskeysockets/baileys/lib/Utils/logger.js';

const log = createLogger('whatsapp');

const RETRY_MIN_MS = 2000;
/** WhatsApp accepts 65 536 characters per message; long answers still read better in parts. */
export const WHATSAPP_CHUNK_LIMIT = 4000;

/** Baileys' DisconnectReason codes (Types/index.js). */
export const CLOSE = {
  loggedOut: 401,
  forbidden: 403,
  timedOut: 408,
  multideviceMismatch: 411,
  connectionReplaced: 440,
  badSession: 500,
  restartRequired: 515,
} as const;
const LINK_ENDED = new Set<number>([CLOSE.loggedOut, CLOSE.badSession, CLOSE.multideviceMismatch, CLOSE.forbidden]);

export const NOT_LINKED_DETAIL =
  'WhatsApp is not linked — run: clawbar channels login whatsapp (or Link WhatsApp in the dashboard)';
const LOGGED_OUT_DETAIL =
  'WhatsApp logged this device out — link it again: clawbar channels login whatsapp (or Re-link in the dashboard)';

/** The reply a DM from a number not on the allow list gets, once. */
export function whatsappPairingHint(number: string): string {
  return (
    `Hi! This number only answers people on its allow list, and you are not on it yet. ` +
    `Your WhatsApp number is +${number}. To allow it, the owner adds it to ` +
    `channels.whatsapp.allowFrom in ~/.clawbar/config.json ("allowFrom": ["+${number}"]) and restarts the clawbar gateway.`
  );
}

type IncomingMessage = WhatsAppEvents['messages.upsert']['messages'][number];

/** The text of a plain or extended text message, through the ephemeral / view-once wrappers. */
export function messageText(message: IncomingMessage['message']): string | null {
  let content = message;
  for (let depth = 0; content && depth < 4; depth++) {
    const inner =
      content.ephemeralMessage?.message ?? content.viewOnceMessage?.message ?? content.viewOnceMessageV2?.message;
    if (!inner) break;
    content = inner;
  }
  const text = content?.conversation ?? content?.extendedTextMessage?.text;
  return typeof text === 'string' ? text : null;
}

/** The sender's number of a one-to-one message: the phone-number JID, or its alternate when addressed by LID. */
export function senderNumber(key: IncomingMessage['key']): string | null {
  const jid = key.remoteJid ?? '';
  if (jid.endsWith('@s.whatsapp.net')) return numberOfJid(jid);
  if (jid.endsWith('@lid')) return numberOfJid(key.remoteJidAlt);
  return null; // groups, broadcasts, newsletters: not a DM
}

function closeCode(update: WhatsAppEvents['connection.update']): number | null {
  const error = update.lastDisconnect?.error as { output?: { statusCode?: unknown } } | undefined;
  const code = error?.output?.statusCode;
  return typeof code === 'number' ? code : null;
}

/**
 * Baileys' pino-style logger, onto clawbar's debug lines (`CLAWBAR_DEBUG=1`): the channel reports
 * what matters itself; Baileys' trace and debug output (frames, keys) never leaves it.
 */
function baileysLogger(): ILogger {
  const sdk = log.child('baileys');
  const text = (obj: unknown, msg?: string) => {
    const err = (obj as { err?: unknown; error?: unknown } | null)?.err ?? (obj as { error?: unknown } | null)?.error;
    const message = msg ?? (typeof obj === 'string' ? obj : '');
    return err instanceof Error ? `${message}: ${errorText(err)}` : message;
  };
  const logger: ILogger = {
    level: 'warn',
    child: () => logger,
    trace: () => undefined,
    debug: () => undefined,
    info: (obj, msg) => sdk.debug(text(obj, msg)),
    warn: (obj, msg) => sdk.debug(text(obj, msg)),
    error: (obj, msg) => sdk.debug(text(obj, msg)),
  };
  return logger;
}

interface PendingLink {
  resolve(): void;
  reject(error: Error): void;
}

/** Creates the WhatsApp channel. `start()` never throws: failures show in `status()`. */
export function createWhatsAppChannel(options: WhatsAppChannelOptions): Channel {
  const { config } = options;
  const factory = options.socketFactory ?? createBaileysSocket;
  const state = createViewState(initialView('whatsapp', config.enabled));
  const setView = state.set;
  const retry = createRetryTimer(options.retryMinMs ?? RETRY_MIN_MS);
  const pairing = createPairingMemory(options.pairingStateFile, log);
  const inFlight = createInFlight(log);
  let store: WhatsAppAuthStore | null = null;
  let socket: WhatsAppSocket | null = null;
  let stopped = true;
  let pendingLink: PendingLink | null = null;
  let linking: Promise<void> | null = null;
  let dirWatcher: FSWatcher | null = null;

  const setCredential = (number: string | null, status: ChannelCredentialView['status'], detail: string | null) =>
    setView({
      credentials: [{ id: number ? `whatsapp:+${number}` : 'whatsapp:unlinked', status, source: 'device', detail }],
    });

  const loadStore = async () => (store ??= await loadWhatsAppAuthState(options.dir));

  function closeSocket(): void {
    const current = socket;
    socket = null;
    // Baileys emits a last `close` for this socket; `socket !== current` makes the handler ignore it.
    current?.end(undefined);
  }

  function settleLink(error: Error | null): void {
    const pending = pendingLink;
    pendingLink = null;
    if (error) pending?.reject(error);
    else pending?.resolve();
  }

  /**
   * Waits (in the unlinked state) for `clawbar channels login whatsapp` to link the device from
   * another process. That process writes account.json once its link is open, not before, so the
   * two never drive a half-made link at the same time.
   */
  function watchForLink(): void {
    if (dirWatcher || stopped) return;
    try {
      dirWatcher = watch(options.dir, (_event, name) => {
        if (name !== 'account.json' || socket || linking || stopped) return;
        void loadWhatsAppAuthState(options.dir)
          .then(async (next) => {
            if (socket || linking || stopped || !next.isLinked() || (await next.account())?.loggedOut !== false) return;
            store = next;
            await connect();
          })
          .catch(() => undefined);
      });
      dirWatcher.on('error', () => undefined);
      dirWatcher.unref();
    } catch {
      // No watcher (the folder is gone): a restart picks the link up.
    }
  }
  function unwatch(): void {
    dirWatcher?.close();
    dirWatcher = null;
  }

  /** Sends `text` (split to WhatsApp's advice) to `jid` over the socket in use now. */
  async function say(jid: string, text: string): Promise<void> {
    for (const chunk of splitMessage(text, WHATSAPP_CHUNK_LIMIT)) {
      if (!socket) throw new Error('not connected to WhatsApp');
      await socket.sendMessage(jid, { text: chunk });
    }
  }

  async function answer(jid: string, number: string, text: string): Promise<void> {
    const current = socket;
    if (!current) return;
    await current.sendPresenceUpdate('composing', jid).catch(() => undefined);
    let reply: string;
    try {
      const sessionKey = `whatsapp:dm:${number}`;
      const result = await options.agent.send({ sessionKey, message: text }).done;
      reply = replyText(result, options.desk, {
        sessionKey,
        text,
        answer: () => answer(jid, number, text),
        tell: (note) => say(jid, note),
      });
    } finally {
      await current.sendPresenceUpdate('paused', jid).catch(() => undefined);
    }
    await say(jid, reply);
  }

  let detachOwner: (() => void) | null = null;
  /** The owner's DM line (owner-desk.ts): their number's chat. */
  const attachOwner = (owner: string) =>
    options.desk?.attach({
      channel: 'whatsapp',
      owner,
      ready: () => socket !== null && state.get().state === 'connected',
      dm: (text) => say(`${owner}@s.whatsapp.net`, text),
    }) ?? null;

  async function onMessage(message: IncomingMessage): Promise<void> {
    if (message.key.fromMe) return;
    const number = senderNumber(message.key);
    const jid = message.key.remoteJid;
    const text = messageText(message.message)?.trim();
    if (!number || !jid || !text) return;
    // Every message answered here is a one-to-one chat (senderNumber reads no group): the owner's
    // `relogin` counts (owner-desk.ts); anyone else's is an ordinary message.
    if (options.desk?.command({ channel: 'whatsapp', senderId: number, direct: true, text, reply: (t) => say(jid, t) }))
      return;
    if (!config.allowFrom.includes(number) && number !== config.owner) {
      if (!(await pairing.firstTime(number))) return;
      log.info(`message from +${number} who is not in channels.whatsapp.allowFrom; sent the pairing hint`);
      await socket?.sendMessage(jid, { text: whatsappPairingHint(number) });
      return;
    }
    await answer(jid, number, text);
  }

  async function onClose(code: number | null, linkedNumber: string | null): Promise<void> {
    if (code === CLOSE.restartRequired) {
      // Right after the phone scans the QR code, WhatsApp asks for a fresh connection with the new keys.
      await connect();
      return;
    }
    if (code !== null && LINK_ENDED.has(code)) {
      const wasPairing = pendingLink !== null;
      const number = linkedNumber ?? (await store?.account())?.number ?? null;
      await store?.clear();
      if (number) await store?.setAccount({ number, loggedOut: true });
      setCredential(number, number ? 'expired' : 'missing', number ? 'logged out by WhatsApp' : 'not linked');
      setView({
        state: 'error',
        detail: number ? LOGGED_OUT_DETAIL : NOT_LINKED_DETAIL,
        qr: undefined,
        botUserId: undefined,
      });
      log.warn(number ? `WhatsApp logged +${number} out (${code})` : `WhatsApp refused the link (${code})`);
      settleLink(wasPairing ? new Error(`WhatsApp refused the link (${code})`) : null);
      watchForLink();
      return;
    }
    if (code === CLOSE.connectionReplaced) {
      setView({
        state: 'error',
        detail: 'another WhatsApp Web session took over this device; restart the gateway to take it back',
      });
      log.warn('another client took over the WhatsApp session');
      return;
    }
    if (pendingLink && !store?.isLinked()) {
      // Baileys closes with 408 once its QR codes ran out unscanned; anything else cut the pairing short.
      const expired = code === CLOSE.timedOut;
      const why = expired ? 'the QR code expired' : `the connection closed (${code ?? 'no code'})`;
      setView({ state: 'error', detail: `${NOT_LINKED_DETAIL} (${why})`, qr: undefined });
      settleLink(
        new Error(
          expired
            ? 'the QR code expired before the phone scanned it — try again'
            : `the connection to WhatsApp closed before the link was made (${code ?? 'no code'}) — try again`,
        ),
      );
      return;
    }
    const wait = retry.schedule(() => void connect());
    setView({
      state: 'connecting',
      detail: `connection lost${code ? ` (${code})` : ''}; reconnecting in ${Math.round(wait / 1000)} s`,
    });
  }

  /** Opens a socket with the saved device state (or a fresh one, which shows QR codes). */
  async function connect(): Promise<void> {
    retry.cancel();
    closeSocket();
    const auth = await loadStore();
    if (stopped) return;
    unwatch();
    const next = await factory({
      auth: auth.state,
      version: WA_WEB_VERSION,
      logger: baileysLogger(),
      wsUrl: options.wsUrl ?? null,
    });
    if (stopped) {
      next.end(undefined);
      return;
    }
    socket = next;
    setView({ state: auth.isLinked() ? 'connecting' : 'pairing', detail: null });
    next.ev.on('creds.update', () => {
      void auth
        .saveCreds()
        .catch((error: unknown) => log.warn(`cannot save the WhatsApp session: ${errorText(error)}`));
    });
    next.ev.on('connection.update', (update) => {
      if (socket !== next) return;
      if (update.qr) {
        setView({
          state: 'pairing',
          qr: update.qr,
          detail: 'scan the QR code: WhatsApp → Settings → Linked devices → Link a device',
        });
      }
      if (update.connection === 'open') {
        const number = numberOfJid(next.user?.id) ?? numberOfJid(auth.state.creds.me?.id);
        retry.reset();
        setCredential(number, 'ok', null);
        setView({ state: 'connected', detail: null, qr: undefined, ...(number ? { botUserId: `+${number}` } : {}) });
        log.info(`linked to whatsapp as +${number ?? '?'}`);
        if (config.owner && !detachOwner && options.answer !== false) detachOwner = attachOwner(config.owner);
        // account.json first: a waiting gateway and a second `channels login` read it.
        void (number ? auth.setAccount({ number, loggedOut: false }) : Promise.resolve())
          .catch((error: unknown) => log.warn(`cannot save ${options.dir}/account.json: ${errorText(error)}`))
          .finally(() => settleLink(null));
      } else if (update.connection === 'close') {
        socket = null;
        if (stopped) return;
        const number = numberOfJid(next.user?.id) ?? numberOfJid(auth.state.creds.me?.id);
        void onClose(closeCode(update), number).catch((error: unknown) =>
          log.warn(`WhatsApp reconnection failed: ${errorText(error)}`),
        );
      }
    });
    next.ev.on('messages.upsert', ({ messages, type }) => {
      // `append` is history the phone syncs; only `notify` messages arrived while connected.
      if (type !== 'notify' || options.answer === false) return;
      for (const message of messages) inFlight.track(onMessage(message), `message ${message.key.id ?? '?'}`);
    });
  }

  async function showUnlinked(): Promise<void> {
    const account = await store?.account();
    if (account?.loggedOut) {
      setCredential(account.number, 'expired', 'logged out by WhatsApp');
      setView({ state: 'error', detail: LOGGED_OUT_DETAIL });
    } else {
      setCredential(null, 'missing', 'not linked');
      setView({ state: 'error', detail: NOT_LINKED_DETAIL });
    }
    watchForLink();
  }

  return {
    id: 'whatsapp',
    async start() {
      if (!config.enabled) return;
      stopped = false;
      try {
        const auth = await loadStore();
        if (auth.isLinked()) await connect();
        else await showUnlinked();
      } catch (error) {
        setView({ state: 'error', detail: `cannot start WhatsApp: ${errorText(error)}` });
        log.warn(`cannot start WhatsApp: ${errorText(error)}`);
      }
    },
    async stop() {
      stopped = true;
      retry.cancel();
      detachOwner?.();
      detachOwner = null;
      unwatch();
      closeSocket();
      settleLink(new Error('the WhatsApp channel stopped'));
      await inFlight.drain();
      // The last creds.update of a closing socket is still being written: let it land.
      await store?.flush();
      if (config.enabled) setView({ state: 'disabled', detail: 'stopped', qr: undefined });
    },
    status: state.get,
    onStatus: state.onStatus,
    link() {
      if (!config.enabled) {
        return Promise.reject(new Error('WhatsApp is disabled: set channels.whatsapp.enabled to true in config.json'));
      }
      if (state.get().state === 'connected') return Promise.resolve();
      linking ??= (async () => {
        stopped = false;
        const auth = await loadStore();
        // A device WhatsApp still accepts is never thrown away from here (a gateway client could
        // otherwise unlink it): only a link that is gone or never was is made anew.
        if (auth.isLinked()) {
          const number = numberOfJid(auth.state.creds.me?.id);
          throw new Error(`WhatsApp is already linked${number ? ` as +${number}` : ''}; it reconnects by itself`);
        }
        closeSocket();
        // A new device every time: what was left of an old link is no use to WhatsApp any more.
        await auth.clear();
        const done = new Promise<void>((resolve, reject) => (pendingLink = { resolve, reject }));
        await connect();
        await done;
      })().finally(() => (linking = null));
      return linking;
    },
  };
}
