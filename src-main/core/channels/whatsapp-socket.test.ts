import diagnostics from 'node:diagnostics_channel';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';

import { makeTempHome } from '../../../test/fixtures/temp-home.js';

import { WA_WEB_VERSION } from './whatsapp-socket.js';
import { createWhatsAppChannel } from './whatsapp.js';

import type { AddressInfo, Socket } from 'node:net';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the real Baileys socket', () => {
  it('pins the WhatsApp Web version Baileys was released with', async () => {
    const { DEFAULT_CONNECTION_CONFIG } = await import('@whiskeysockets/baileys');
    expect(WA_WEB_VERSION).toEqual(DEFAULT_CONNECTION_CONFIG.version);
  });

  it('opens WhatsApp Web’s WebSocket where it is pointed, starts the Noise handshake, and looks nothing up', async () => {
    const home = makeTempHome();
    cleanups.push(() => home.cleanup());
    const frames: Buffer[] = [];
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    server.on('connection', (socket) => {
      socket.once('message', (data: Buffer) => {
        frames.push(data);
        // Nothing here can answer WhatsApp's encrypted handshake: hang up.
        socket.close();
      });
    });

    // Every outgoing TCP connection and every DNS lookup from here on.
    const lookups: string[] = [];
    const remotes: string[] = [];
    const onSocket = (message: unknown) => {
      const socket = (message as { socket: Socket }).socket;
      socket.once('lookup', (_error, _address, _family, host: string) => lookups.push(host));
      socket.once('connect', () => remotes.push(`${socket.remoteAddress}`));
    };
    diagnostics.subscribe('net.client.socket', onSocket);
    cleanups.push(() => diagnostics.unsubscribe('net.client.socket', onSocket));

    const channel = createWhatsAppChannel({
      config: { enabled: true, allowFrom: [] },
      agent: { send: () => ({ runId: 'unused', done: Promise.resolve({ text: '' }) }) as never },
      dir: path.join(home.clawbarHome, 'whatsapp'),
      wsUrl: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws/chat`,
    });
    cleanups.push(() => channel.stop());
    await channel.start();
    await expect(channel.link!()).rejects.toThrow(/^the connection to WhatsApp closed before the link was made/);
    // Baileys' first frame: the `WA` header with its protocol and dictionary version, then the Noise hello.
    expect(frames).toHaveLength(1);
    expect([...frames[0]!.subarray(0, 4)]).toEqual([0x57, 0x41, 6, 3]);
    expect(lookups).toEqual([]);
    expect(remotes.length).toBeGreaterThan(0);
    expect(remotes.every((address) => address === '127.0.0.1')).toBe(true);
  });
});
