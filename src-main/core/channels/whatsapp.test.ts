import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createFakeWhatsApp, type FakeWhatsApp } from '../../../test/fixtures/fake-whatsapp.js';

import { startChannelAgent, type ChannelAgent } from './channel-agent.test-helper.js';
import { startOwnerDesk } from './owner-channel.test-helper.js';
import { HELD_NOTICE } from './owner-desk.js';
import { splitMessage } from './split-message.js';
import { WA_WEB_VERSION } from './whatsapp-socket.js';
import { CLOSE, createWhatsAppChannel, NOT_LINKED_DETAIL, WHATSAPP_CHUNK_LIMIT } from './whatsapp.js';

import type { FakeLlmServer } from '../../../test/fixtures/fake-llm-server.js';
import type { TempHome } from '../../../test/fixtures/temp-home.js';
import type { Agent } from '../agent/types.js';
import type { Channel } from './types.js';

const OWNER = '15550100001';
const ALLOWED = '15550100002';
const STRANGER = '15550100003';
const QR =
  '2@Zm9vYmFyYmF6cXV4LXBhaXJpbmctcmVm,bm9pc2Uta2V5LWZvci10ZXN0cw==,aWRlbnRpdHkta2V5LWZvci10ZXN0cw==,YWR2LXNlY3JldA==';

let wa: FakeWhatsApp;
let llm: FakeLlmServer;
let home: TempHome;
let agent: Agent;
let dir: string;
let channel: Channel | null = null;
let lines: string[];
let ctx: ChannelAgent;

beforeEach(async () => {
  ctx = await startChannelAgent();
  ({ home, llm, agent, lines } = ctx);
  dir = path.join(home.clawbarHome, 'whatsapp');
  wa = createFakeWhatsApp();
});

afterEach(async () => {
  await channel?.stop();
  channel = null;
  await ctx.close();
});

function create(allowFrom: string[] = [ALLOWED]): Channel {
  channel = createWhatsAppChannel({
    config: { enabled: true, allowFrom },
    agent,
    dir,
    socketFactory: wa.factory,
    pairingStateFile: path.join(home.clawbarHome, 'state', 'whatsapp-pairing.json'),
    retryMinMs: 50,
  });
  return channel;
}

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Links a fresh channel: QR shown, phone scans, WhatsApp asks for the restart, the link opens. */
async function link(ch: Channel): Promise<void> {
  await ch.start();
  const linked = ch.link!();
  await wa.waitForSockets(1);
  wa.showQr(QR);
  await until(() => ch.status().qr === QR, 'the QR code in the view');
  wa.scan(OWNER);
  await wa.waitForSockets(2);
  wa.open();
  await linked;
}

describe('whatsapp channel (Baileys event shapes from a socket stand-in)', () => {
  it('starts unlinked without opening a socket and says how to link', async () => {
    const ch = create();
    await ch.start();
    expect(wa.sockets).toHaveLength(0);
    expect(ch.status()).toMatchObject({
      id: 'whatsapp',
      state: 'error',
      detail: NOT_LINKED_DETAIL,
      credentials: [{ id: 'whatsapp:unlinked', status: 'missing', source: 'device' }],
    });
  });

  it('links through the QR code, keeps the session 0600 in a 0700 folder, and reconnects with it after a restart', async () => {
    const ch = create();
    await ch.start();
    const linked = ch.link!();
    const first = await wa.waitForSockets(1);
    // The protocol version is pinned: Baileys never asks the internet for the latest one.
    expect(first.options.version).toEqual(WA_WEB_VERSION);
    expect(first.options.auth.creds.me).toBeUndefined();
    wa.showQr(QR);
    await until(() => ch.status().state === 'pairing' && ch.status().qr === QR, 'the QR code in the view');
    wa.scan(OWNER);
    const second = await wa.waitForSockets(2);
    // The restart WhatsApp asks for after pairing reuses the identity the phone just accepted.
    expect(second.options.auth.creds.me?.id).toBe(`${OWNER}:7@s.whatsapp.net`);
    wa.open();
    await linked;
    expect(ch.status()).toMatchObject({
      state: 'connected',
      botUserId: `+${OWNER}`,
      detail: null,
      credentials: [{ id: `whatsapp:+${OWNER}`, status: 'ok', source: 'device', detail: null }],
    });
    expect(ch.status().qr).toBeUndefined();
    expect(lines).toContain(`[whatsapp] linked to whatsapp as +${OWNER}`);
    for (const line of lines) expect(line).not.toContain('Zm9vYmFy');

    await until(() => statSync(path.join(dir, 'creds.json'), { throwIfNoEntry: false }) !== undefined, 'creds.json');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    for (const name of await fs.readdir(dir)) expect(statSync(path.join(dir, name)).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(await fs.readFile(path.join(dir, 'creds.json'), 'utf8')) as { me?: { id: string } };
    expect(saved.me?.id).toBe(`${OWNER}:7@s.whatsapp.net`);

    await ch.stop();
    const restarted = create();
    await restarted.start();
    const third = await wa.waitForSockets(3);
    expect(third.options.auth.creds.me?.id).toBe(`${OWNER}:7@s.whatsapp.net`);
    expect(restarted.status().state).toBe('connecting');
    wa.open();
    await until(() => restarted.status().state === 'connected', 'connected with the saved session');
  });

  it('answers allow-listed numbers (also LID-addressed ones), hints a stranger once, ignores its own and group messages', async () => {
    const ch = create();
    await link(ch);
    wa.receive(ALLOWED, 'what time is it?');
    const [answer] = await wa.waitForSent(1);
    expect(answer).toEqual({ jid: `${ALLOWED}@s.whatsapp.net`, text: 'you said: what time is it? (1 messages)' });
    expect(wa.latest().presence.map((p) => p.type)).toEqual(['composing', 'paused']);

    wa.receive(STRANGER, 'hello?');
    wa.receive(STRANGER, 'hello again?');
    wa.receive(ALLOWED, 'me again', { lid: '12345678901234' });
    wa.receive(ALLOWED, 'my own echo', { fromMe: true });
    wa.receive(ALLOWED, 'in a group', { group: '120363000000000001@g.us' });
    const sent = await wa.waitForSent(3);
    const toStranger = sent.filter((m) => m.jid === `${STRANGER}@s.whatsapp.net`);
    expect(toStranger).toHaveLength(1);
    expect(toStranger[0]!.text).toContain(`Your WhatsApp number is +${STRANGER}`);
    // A LID-addressed chat is answered on the LID it came from, in the number's conversation.
    expect(sent).toContainEqual({ jid: '12345678901234@lid', text: 'you said: me again (3 messages)' });
    await new Promise((r) => setTimeout(r, 100));
    expect(wa.sent).toHaveLength(3);
    expect(llm.requests).toHaveLength(2);
  });

  it('splits a long answer into messages under its size', async () => {
    const long = Array.from({ length: 150 }, (_, i) => `paragraph ${i}: ${'lorem ipsum dolor'.repeat(4)}`).join('\n');
    llm.reply = () => long;
    await link(create());
    wa.receive(ALLOWED, 'long please');
    const expected = splitMessage(long, WHATSAPP_CHUNK_LIMIT);
    expect(expected.length).toBeGreaterThan(2);
    const sent = await wa.waitForSent(expected.length);
    expect(sent.map((m) => m.text)).toEqual(expected);
  });

  it('marks the link expired when WhatsApp logs the device out, keeps it so across a restart, and re-links', async () => {
    const ch = create();
    await link(ch);
    wa.close(CLOSE.loggedOut, 'Intentional Logout');
    await until(() => ch.status().state === 'error', 'the logged-out state');
    expect(ch.status()).toMatchObject({
      credentials: [{ id: `whatsapp:+${OWNER}`, status: 'expired', detail: 'logged out by WhatsApp' }],
    });
    expect(ch.status().detail).toMatch(
      /^WhatsApp logged this device out — link it again: clawbar channels login whatsapp/,
    );
    // The dead device's keys are gone; only the memory of which number it was stays.
    expect((await fs.readdir(dir)).sort()).toEqual(['account.json']);
    const sockets = wa.sockets.length;
    await new Promise((r) => setTimeout(r, 200));
    expect(wa.sockets).toHaveLength(sockets);

    await ch.stop();
    const restarted = create();
    await restarted.start();
    expect(restarted.status()).toMatchObject({
      state: 'error',
      credentials: [{ id: `whatsapp:+${OWNER}`, status: 'expired' }],
    });
    expect(wa.sockets).toHaveLength(sockets);

    const relinked = restarted.link!();
    await wa.waitForSockets(sockets + 1);
    expect(wa.latest().options.auth.creds.me).toBeUndefined();
    wa.showQr(QR);
    wa.scan(OWNER);
    await wa.waitForSockets(sockets + 2);
    wa.open();
    await relinked;
    expect(restarted.status()).toMatchObject({ state: 'connected', credentials: [{ status: 'ok' }] });
  });

  it('reconnects with back-off when the connection drops, and stays down when another client takes the session', async () => {
    const ch = create();
    await link(ch);
    wa.close(408, 'Connection was lost');
    await wa.waitForSockets(3);
    expect(ch.status().state).toBe('connecting');
    // A link WhatsApp still accepts is not thrown away by a (re-)link request while it reconnects.
    await expect(ch.link!()).rejects.toThrow(`WhatsApp is already linked as +${OWNER}; it reconnects by itself`);
    expect(wa.sockets).toHaveLength(3);
    wa.open();
    await until(() => ch.status().state === 'connected', 'reconnected');

    wa.close(CLOSE.connectionReplaced, 'Connection Replaced');
    await until(() => ch.status().state === 'error', 'the replaced state');
    expect(ch.status().detail).toContain('another WhatsApp Web session took over');
    await new Promise((r) => setTimeout(r, 200));
    expect(wa.sockets).toHaveLength(3);
  });

  it('rejects link() in one line when the QR codes run out unscanned', async () => {
    const ch = create();
    await ch.start();
    const linked = ch.link!();
    await wa.waitForSockets(1);
    wa.showQr(QR);
    wa.close(CLOSE.timedOut, 'QR refs attempts ended');
    await expect(linked).rejects.toThrow('the QR code expired before the phone scanned it — try again');
    expect(ch.status()).toMatchObject({ state: 'error', detail: `${NOT_LINKED_DETAIL} (the QR code expired)` });
    expect(ch.status().qr).toBeUndefined();
  });

  it('picks up a link made by another process (clawbar channels login whatsapp) while the gateway waits', async () => {
    const gateway = create();
    await gateway.start();
    expect(gateway.status().state).toBe('error');
    // The CLI links in its own channel object on the same folder.
    const cli = createWhatsAppChannel({
      config: { enabled: true, allowFrom: [] },
      agent,
      dir,
      socketFactory: wa.factory,
    });
    const linked = cli.link!();
    await wa.waitForSockets(1);
    wa.scan(OWNER);
    await wa.waitForSockets(2);
    wa.open();
    await linked;
    await cli.stop();
    await wa.waitForSockets(3);
    wa.open();
    await until(() => gateway.status().state === 'connected', 'the gateway connected with the new link');
    expect(gateway.status().credentials).toEqual([
      { id: `whatsapp:+${OWNER}`, status: 'ok', source: 'device', detail: null },
    ]);
  });
});

describe('whatsapp channel owner (re-login from a phone)', () => {
  const MY_PHONE = '15550100009';

  it('DMs the owner’s number, runs their relogin, and answers the held message once renewed', async () => {
    const owner = startOwnerDesk(ctx);
    channel = createWhatsAppChannel({
      config: { enabled: true, allowFrom: [ALLOWED], owner: MY_PHONE },
      agent,
      desk: owner.desk,
      dir,
      socketFactory: wa.factory,
      retryMinMs: 50,
    });
    await link(channel);
    llm.behave('codex-token-1', { kind: 'reject', status: 401 });

    wa.receive(ALLOWED, 'what is on today?');
    await until(() => wa.sent.some((m) => m.text === HELD_NOTICE), 'the held notice');
    await until(() => wa.sent.some((m) => m.text.startsWith('Your Codex login')), 'the owner DM');
    expect(wa.sent.find((m) => m.text.startsWith('Your Codex login'))!.jid).toBe(`${MY_PHONE}@s.whatsapp.net`);

    wa.receive(STRANGER, 'relogin');
    wa.receive(MY_PHONE, 'relogin');
    await until(() => owner.started.length === 1, 'the device login');
    owner.showCode('WXYZ-98765');
    await until(() => wa.sent.some((m) => m.text.includes('WXYZ-98765')), 'the code');
    expect(wa.sent.find((m) => m.text.includes('WXYZ-98765'))!.jid).toBe(`${MY_PHONE}@s.whatsapp.net`);

    llm.behave('codex-token-1', { kind: 'answer' });
    owner.complete();
    await until(() => wa.sent.some((m) => m.text.startsWith('you said:')), 'the held answer');
    expect(wa.sent.filter((m) => m.text === 'Codex login restored.')).toEqual([
      { jid: `${MY_PHONE}@s.whatsapp.net`, text: 'Codex login restored.' },
    ]);
    expect(wa.sent.find((m) => m.text.startsWith('you said:'))).toEqual({
      jid: `${ALLOWED}@s.whatsapp.net`,
      text: 'you said: what is on today? (1 messages)',
    });
    // The stranger's `relogin` got only the pairing hint (not on the allow list), and started nothing.
    expect(owner.started).toHaveLength(1);
    expect(wa.sent.filter((m) => m.jid === `${STRANGER}@s.whatsapp.net`).map((m) => m.text)).toEqual([
      expect.stringContaining('not on it yet'),
    ]);
    await owner.desk.stop();
  });
});
