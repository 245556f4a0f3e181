import { randomBytes } from 'node:crypto';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startFakeDiscord, type FakeDiscord } from '../../../test/fixtures/fake-discord.js';
import { createKeychainStore } from '../secrets/secret-store.js';

import { startChannelAgent, type ChannelAgent } from './channel-agent.test-helper.js';
import { createDiscordChannel, NO_TOKEN_DETAIL } from './discord.js';
import { splitMessage } from './split-message.js';

import type { FakeLlmServer } from '../../../test/fixtures/fake-llm-server.js';
import type { TempHome } from '../../../test/fixtures/temp-home.js';
import type { Agent } from '../agent/types.js';
import type { Channel } from './types.js';

const TOKEN = 'discord-bot-token-for-tests.abcdef.123456';
const ALLOWED = '100000000000000001';
const STRANGER = '100000000000000002';
const GUILD_CHANNEL = '300000000000000001';
// Gateway intent bits (discord-api-types GatewayIntentBits).
const MESSAGE_CONTENT_INTENT = 1 << 15;
const DIRECT_MESSAGES_INTENT = 1 << 12;

let discord: FakeDiscord;
let llm: FakeLlmServer;
let home: TempHome;
let agent: Agent;
let channel: Channel | null = null;
let lines: string[];
let ctx: ChannelAgent;

beforeEach(async () => {
  ctx = await startChannelAgent();
  ({ home, llm, agent, lines } = ctx);
  discord = await startFakeDiscord({ token: TOKEN, guildChannels: [GUILD_CHANNEL] });
});

afterEach(async () => {
  await channel?.stop();
  channel = null;
  await discord.close();
  await ctx.close();
});

function start(
  env: Record<string, string | undefined>,
  secrets?: { get: (account: string) => Promise<string | null> },
  pairingStateFile?: string,
) {
  channel = createDiscordChannel({
    ...(pairingStateFile ? { pairingStateFile } : {}),
    config: { enabled: true, allowFrom: [ALLOWED], guildChannels: [GUILD_CHANNEL] },
    agent,
    env,
    ...(secrets ? { secrets } : {}),
    endpoints: { discordApiUrl: discord.apiUrl },
  });
  return channel;
}

describe('discord channel (real discord.js against a loopback Discord)', () => {
  it('logs in, answers an allow-listed DM with the model, and sends a stranger the pairing hint once', async () => {
    const ch = start({ DISCORD_BOT_TOKEN: TOKEN });
    await ch.start();
    expect(ch.status()).toMatchObject({ id: 'discord', enabled: true, state: 'connected', botUserId: discord.botId });
    expect(lines).toContain(`[discord] logged in to discord as ${discord.botId}`);
    expect(discord.identifies).toEqual([TOKEN]);
    // Guild channels are configured here, so the privileged Message Content intent is asked for.
    expect(discord.intents[0]! & MESSAGE_CONTENT_INTENT).toBe(MESSAGE_CONTENT_INTENT);
    expect(discord.gatewayQueries[0]!.get('v')).toBe('10');
    expect(discord.gatewayQueries[0]!.get('encoding')).toBe('json');

    discord.sendDm(ALLOWED, '200000000000000001', 'what time is it?');
    const [answer] = await discord.waitForMessages(1);
    expect(answer).toMatchObject({
      channelId: '200000000000000001',
      content: 'you said: what time is it? (1 messages)',
    });
    expect(discord.typing).toContain('200000000000000001');

    discord.sendDm(STRANGER, '200000000000000002', 'hello?');
    discord.sendDm(STRANGER, '200000000000000002', 'hello again?');
    discord.sendDm(ALLOWED, '200000000000000001', 'second');
    const all = await discord.waitForMessages(3);
    const toStranger = discord.messages.filter((m) => m.channelId === '200000000000000002');
    expect(toStranger).toHaveLength(1);
    expect(toStranger[0]!.content).toContain(`Your Discord user id is ${STRANGER}`);
    expect(toStranger[0]!.content).toContain('channels.discord.allowFrom');
    expect(all.some((m) => m.content === 'you said: second (3 messages)')).toBe(true);
    // Only the allow-listed user's messages reached the model.
    expect(llm.requests).toHaveLength(2);
    for (const line of lines) expect(line).not.toContain(TOKEN);
  });

  it('remembers who got the pairing hint across a restart', async () => {
    const stateFile = path.join(home.clawbarHome, 'state', 'discord-pairing.json');
    await start({ DISCORD_BOT_TOKEN: TOKEN }, undefined, stateFile).start();
    discord.sendDm(STRANGER, '200000000000000002', 'hello?');
    discord.sendDm(STRANGER, '200000000000000002', 'hello??');
    await discord.waitForMessages(1);
    await channel!.stop();
    // A restarted gateway: a new channel reading the same state file.
    await start({ DISCORD_BOT_TOKEN: TOKEN }, undefined, stateFile).start();
    discord.sendDm(STRANGER, '200000000000000002', 'anyone?');
    discord.sendDm(ALLOWED, '200000000000000001', 'me');
    // The allow-listed answer comes after the stranger's DM was handled (dispatch order is kept).
    await discord.waitForMessages(2);
    expect(discord.messages.map((m) => m.channelId)).toEqual(['200000000000000002', '200000000000000001']);
  });

  it('answers a mention in an allowed guild channel and ignores unmentioned messages', async () => {
    const ch = start({ DISCORD_BOT_TOKEN: TOKEN });
    await ch.start();
    discord.sendGuildMessage(STRANGER, GUILD_CHANNEL, 'just chatting', false);
    discord.sendGuildMessage(STRANGER, GUILD_CHANNEL, 'summarise please', true);
    const [reply] = await discord.waitForMessages(1);
    expect(reply).toMatchObject({ channelId: GUILD_CHANNEL, content: 'you said: summarise please (1 messages)' });
    expect(reply!.body.message_reference).toBeTruthy();
    expect(llm.requests).toHaveLength(1);
  });

  it('splits a long answer into messages under 2000 characters', async () => {
    const long = Array.from({ length: 120 }, (_, i) => `paragraph ${i}: ${'lorem ipsum dolor'.repeat(4)}`).join('\n');
    llm.reply = () => long;
    const ch = start({ DISCORD_BOT_TOKEN: TOKEN });
    await ch.start();
    discord.sendDm(ALLOWED, '200000000000000001', 'long please');
    const expected = splitMessage(long);
    expect(expected.length).toBeGreaterThan(3);
    const posted = await discord.waitForMessages(expected.length);
    expect(posted.map((m) => m.content)).toEqual(expected);
    expect(posted.map((m) => m.content).join('\n')).toBe(long);
    for (const message of posted) expect(message.content.length).toBeLessThan(2000);
  });

  it('takes the token from the keychain when DISCORD_BOT_TOKEN is unset', async () => {
    const asked: string[] = [];
    const ch = start({}, { get: async (account) => (asked.push(account), account === 'discord-token' ? TOKEN : null) });
    await ch.start();
    expect(asked).toEqual(['discord-token']);
    expect(ch.status().state).toBe('connected');
  });

  it('reads the token from the real OS keychain (account discord-token)', async () => {
    if (!process.env.DBUS_SESSION_BUS_ADDRESS && process.platform === 'linux') {
      throw new Error(
        'keychain tests need the D-Bus session with gnome-keyring that `npm test` starts (scripts/test.sh)',
      );
    }
    // A unique service per run, so a developer's own keychain entries are never touched.
    const store = createKeychainStore({ service: `clawbar-test-${randomBytes(4).toString('hex')}` });
    await store.set('discord-token', TOKEN);
    try {
      const ch = start({}, store);
      await ch.start();
      expect(ch.status()).toMatchObject({ state: 'connected', botUserId: discord.botId });
      expect(discord.identifies).toEqual([TOKEN]);
    } finally {
      await store.delete('discord-token');
    }
  });

  it('reports a missing token and a rejected token without retrying', async () => {
    const none = start({}, { get: async () => null });
    await none.start();
    expect(none.status()).toMatchObject({ state: 'error', detail: NO_TOKEN_DETAIL });
    await none.stop();

    const bad = start({ DISCORD_BOT_TOKEN: 'not-the-right-token-xyz' });
    await bad.start();
    expect(bad.status()).toMatchObject({ state: 'error' });
    expect(bad.status().detail).toContain('Discord rejected the bot token');
    for (const line of lines) expect(line).not.toContain('not-the-right-token-xyz');
  });

  it('retries a login that could not reach Discord and connects once it is back', async () => {
    const port = Number(new URL(discord.url).port);
    await discord.close();
    const ch = createDiscordChannel({
      config: { enabled: true, allowFrom: [ALLOWED], guildChannels: [] },
      agent,
      env: { DISCORD_BOT_TOKEN: TOKEN },
      endpoints: { discordApiUrl: `http://127.0.0.1:${port}/api` },
      retryMinMs: 200,
    });
    channel = ch;
    await ch.start();
    expect(ch.status().state).toBe('error');
    expect(ch.status().detail).toMatch(/^cannot reach Discord: .*; retrying$/);
    discord = await startFakeDiscord({ token: TOKEN, port });
    await discord.waitForReady(15_000);
    const deadline = Date.now() + 10_000;
    while (ch.status().state !== 'connected' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(ch.status()).toMatchObject({ state: 'connected', botUserId: discord.botId });
    // DMs only: no privileged intent the bot owner would have to enable.
    expect(discord.intents[0]! & MESSAGE_CONTENT_INTENT).toBe(0);
    expect(discord.intents[0]! & DIRECT_MESSAGES_INTENT).toBe(DIRECT_MESSAGES_INTENT);
  });

  it('reconnects on its own when the gateway drops the connection', async () => {
    const ch = start({ DISCORD_BOT_TOKEN: TOKEN });
    await ch.start();
    discord.dropConnection();
    await discord.waitForReady(15_000);
    expect(discord.connections()).toBeGreaterThanOrEqual(2);
    discord.sendDm(ALLOWED, '200000000000000001', 'still there?');
    const [answer] = await discord.waitForMessages(1, 15_000);
    expect(answer!.content).toBe('you said: still there? (1 messages)');
    expect(ch.status().state).toBe('connected');
  });
});
