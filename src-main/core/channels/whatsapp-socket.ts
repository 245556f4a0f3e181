// The part of a Baileys socket the WhatsApp channel uses, and the factory that makes a real one.
// WhatsApp's protocol is end-to-end encrypted, so tests hand the channel another factory whose
// socket emits Baileys' own event shapes (test/fixtures/fake-whatsapp.ts).
import type { AuthenticationState, BaileysEventMap } from '@whiskeysockets/baileys';
import type { ILogger } from '@whiskeysockets/baileys/lib/Utils/logger.js';

/**
 * The WhatsApp Web version clawbar announces: the one Baileys 7.0.0-rc.9 ships with. Pinned so a
 * start never asks the internet for the latest (docs/channels.md#whatsapp); bump it with Baileys.
 */
export const WA_WEB_VERSION: [number, number, number] = [2, 3000, 1027934701];

export type WhatsAppEvents = Pick<BaileysEventMap, 'connection.update' | 'creds.update' | 'messages.upsert'>;

export interface WhatsAppSocket {
  ev: { on<E extends keyof WhatsAppEvents>(event: E, listener: (arg: WhatsAppEvents[E]) => void): void };
  /** The linked account (`15550100000:12@s.whatsapp.net`) once the connection is open. */
  user?: { id: string } | undefined;
  sendMessage(jid: string, content: { text: string }): Promise<unknown>;
  sendPresenceUpdate(type: 'composing' | 'paused', jid?: string): Promise<unknown>;
  /** Closes the connection; Baileys then emits `connection.update` with `connection: 'close'`. */
  end(error: Error | undefined): void;
}

export interface WhatsAppSocketOptions {
  auth: AuthenticationState;
  version: [number, number, number];
  logger: ILogger;
  /** WhatsApp Web's WebSocket; null for Baileys' default (web.whatsapp.com). */
  wsUrl: string | null;
}

export type WhatsAppSocketFactory = (options: WhatsAppSocketOptions) => WhatsAppSocket | Promise<WhatsAppSocket>;

/** A real Baileys socket: no history sync (the agent answers new messages only), not shown online. */
export const createBaileysSocket: WhatsAppSocketFactory = async (options) => {
  const { makeWASocket } = await import('@whiskeysockets/baileys');
  return makeWASocket({
    auth: options.auth,
    version: options.version,
    logger: options.logger,
    ...(options.wsUrl ? { waWebSocketUrl: options.wsUrl } : {}),
    // The phone keeps notifying its owner while clawbar is linked.
    markOnlineOnConnect: false,
    syncFullHistory: false,
    shouldSyncHistoryMessage: () => false,
  });
};
