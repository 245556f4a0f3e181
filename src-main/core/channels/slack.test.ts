import { randomBytes } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startFakeSlack, type FakeSlack } from '../../../test/fixtures/fake-slack.js';
import { createKeychainStore } from '../secrets/secret-store.js';

import { startChannelAgent, type ChannelAgent } from './channel-agent.test-helper.js';
import { CODEX_CLI, DEVICE_URL, startOwnerDesk } from './owner-channel.test-helper.js';
import { HELD_NOTICE } from './owner-desk.js';
import { createSlackChannel, NO_TOKENS_DETAIL, SLACK_CHUNK_LIMIT } from './slack.js';
import { splitMessage } from './split-message.js';

import type { FakeLlmServer } from '../../../test/fixtures/fake-llm-server.js';
import type { Agent } from '../agent/types.js';
import type { Channel } from './types.js';
import type { Socket } from 'node:net';

const BOT_TOKEN = 'xoxb-1111111111-2222222222-botTokenForClawbarTests';
const APP_TOKEN = 'xapp-1-A0000CLAWB-3333333333-appTokenForClawbarTests';
const ALLOWED = 'U0000ALLOW1';
const STRANGER = 'U0000STRNG1';
const DM = 'D0000DM0001';
const STRANGER_DM = 'D0000DM0002';
const ALLOWED_CHANNEL = 'C0000CHAN01';
const OTHER_CHANNEL = 'C0000CHAN02';

let slack: FakeSlack;
let llm: FakeLlmServer;
let agent: Agent;
let channel: Channel | null = null;
let lines: string[];
let ctx: ChannelAgent;

beforeEach(async () => {
  ctx = await startChannelAgent();
  ({ llm, agent, lines } = ctx);
  slack = await startFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
});

afterEach(async () => {
  await channel?.stop();
  channel = null;
  await slack.close();
  await ctx.close();
});

const TOKENS = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN };

function start(
  env: Record<string, string | undefined> = TOKENS,
  extra: { secrets?: { get: (account: string) => Promise<string | null> }; pairingStateFile?: string } = {},
) {
  channel = createSlackChannel({
    config: { enabled: true, allowFrom: [ALLOWED], channels: [ALLOWED_CHANNEL] },
    agent,
    env,
    ...extra,
    endpoints: { slackApiUrl: slack.apiUrl },
    retryMinMs: 200,
  });
  return channel;
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('slack channel (real Bolt in Socket Mode against a loopback Slack)', () => {
  it('logs in, answers an allow-listed DM, acks every envelope, and hints a stranger once', async () => {
    // Every TCP connection this process opens from here on: Bolt must reach nothing but the stand-ins.
    const remotes: string[] = [];
    const onSocket = (message: unknown) => {
      const socket = (message as { socket: Socket }).socket;
      socket.once('connect', () => remotes.push(`${socket.remoteAddress}`));
    };
    diagnostics.subscribe('net.client.socket', onSocket);
    try {
      const ch = start();
      await ch.start();
      expect(ch.status()).toMatchObject({
        id: 'slack',
        state: 'connected',
        botUserId: slack.botUserId,
        credentials: [
          { id: 'slack:bot', status: 'static', source: 'env', detail: null },
          { id: 'slack:app', status: 'static', source: 'env', detail: null },
        ],
      });
      expect(lines).toContain(`[slack] logged in to slack as ${slack.botUserId}`);
      // auth.test names the bot, then the app token opens the link; Bolt makes no auth.test of its own.
      expect(slack.calls).toEqual(['auth.test', 'apps.connections.open']);

      const first = slack.sendDm(ALLOWED, DM, 'what time is it?');
      const [answer] = await slack.waitForMessages(1);
      expect(answer).toMatchObject({ channel: DM, text: 'you said: what time is it? (1 messages)', threadTs: null });
      await slack.waitForAck(first.envelopeId);

      slack.sendDm(STRANGER, STRANGER_DM, 'hello?');
      slack.sendDm(STRANGER, STRANGER_DM, 'hello again?');
      slack.sendDm(ALLOWED, DM, 'second');
      const all = await slack.waitForMessages(3);
      const toStranger = slack.messages.filter((m) => m.channel === STRANGER_DM);
      expect(toStranger).toHaveLength(1);
      expect(toStranger[0]!.text).toContain(`Your Slack user id is ${STRANGER}`);
      expect(toStranger[0]!.text).toContain('channels.slack.allowFrom');
      expect(all.some((m) => m.text === 'you said: second (3 messages)')).toBe(true);
      expect(llm.requests).toHaveLength(2);
      await until(() => slack.unacked().length === 0, 'every envelope acked');
      expect(remotes.length).toBeGreaterThan(0);
      expect(remotes.every((address) => address === '127.0.0.1')).toBe(true);
    } finally {
      diagnostics.unsubscribe('net.client.socket', onSocket);
    }
    for (const line of lines) {
      expect(line).not.toContain(BOT_TOKEN);
      expect(line).not.toContain(APP_TOKEN);
    }
    expect(JSON.stringify(channel!.status())).not.toContain('TokenForClawbarTests');
  });

  it('answers a mention in an allowed channel in its thread and ignores other channels', async () => {
    await start().start();
    slack.sendMention(STRANGER, OTHER_CHANNEL, 'not here');
    const mention = slack.sendMention(STRANGER, ALLOWED_CHANNEL, 'summarise please');
    const [reply] = await slack.waitForMessages(1);
    expect(reply).toMatchObject({
      channel: ALLOWED_CHANNEL,
      text: 'you said: summarise please (1 messages)',
      threadTs: mention.event.ts,
    });
    // A mention inside an existing thread answers in that thread, continuing its conversation.
    slack.sendMention(STRANGER, ALLOWED_CHANNEL, 'and then?', String(mention.event.ts));
    const [, followUp] = await slack.waitForMessages(2);
    expect(followUp).toMatchObject({ threadTs: mention.event.ts, text: 'you said: and then? (3 messages)' });
    expect(llm.requests).toHaveLength(2);
  });

  it('splits a long answer into messages under Slack’s size', async () => {
    const long = Array.from({ length: 200 }, (_, i) => `paragraph ${i}: ${'lorem ipsum dolor'.repeat(4)}`).join('\n');
    llm.reply = () => long;
    await start().start();
    slack.sendDm(ALLOWED, DM, 'long please');
    const expected = splitMessage(long, SLACK_CHUNK_LIMIT);
    expect(expected.length).toBeGreaterThan(2);
    const posted = await slack.waitForMessages(expected.length);
    expect(posted.map((m) => m.text)).toEqual(expected);
    for (const message of posted) expect(message.text.length).toBeLessThanOrEqual(SLACK_CHUNK_LIMIT);
  });

  it('takes both tokens from the keychain when the environment has none', async () => {
    const asked: string[] = [];
    const stored: Record<string, string> = { 'slack-bot-token': BOT_TOKEN, 'slack-app-token': APP_TOKEN };
    const ch = start({}, { secrets: { get: async (account) => (asked.push(account), stored[account] ?? null) } });
    await ch.start();
    expect(asked).toEqual(['slack-bot-token', 'slack-app-token']);
    expect(ch.status()).toMatchObject({
      state: 'connected',
      credentials: [{ source: 'keychain' }, { source: 'keychain' }],
    });
  });

  it('reads the tokens from the real OS keychain', async () => {
    if (!process.env.DBUS_SESSION_BUS_ADDRESS && process.platform === 'linux') {
      throw new Error(
        'keychain tests need the D-Bus session with gnome-keyring that `npm test` starts (scripts/test.sh)',
      );
    }
    const store = createKeychainStore({ service: `clawbar-test-${randomBytes(4).toString('hex')}` });
    await store.set('slack-bot-token', BOT_TOKEN);
    await store.set('slack-app-token', APP_TOKEN);
    try {
      const ch = start({}, { secrets: store });
      await ch.start();
      expect(ch.status()).toMatchObject({ state: 'connected', botUserId: slack.botUserId });
    } finally {
      await store.delete('slack-bot-token');
      await store.delete('slack-app-token');
    }
  });

  it('names a missing or wrong-kind token in one line without calling Slack', async () => {
    const none = start({}, { secrets: { get: async () => null } });
    await none.start();
    expect(none.status()).toMatchObject({
      state: 'error',
      detail: NO_TOKENS_DETAIL.bot,
      credentials: [
        { id: 'slack:bot', status: 'missing' },
        { id: 'slack:app', status: 'missing' },
      ],
    });
    await none.stop();

    const onlyBot = start({ SLACK_BOT_TOKEN: BOT_TOKEN });
    await onlyBot.start();
    expect(onlyBot.status()).toMatchObject({ state: 'error', detail: NO_TOKENS_DETAIL.app });
    await onlyBot.stop();

    // The app token pasted where the bot token belongs.
    const swapped = start({ SLACK_BOT_TOKEN: APP_TOKEN, SLACK_APP_TOKEN: APP_TOKEN });
    await swapped.start();
    expect(swapped.status().detail).toBe(
      'the Slack bot token is not a bot token (xoxb-…): it starts with xapp- — run: clawbar secrets set slack-bot-token',
    );
    expect(slack.calls).toEqual([]);
    for (const line of lines) expect(line).not.toContain(APP_TOKEN);
  });

  it('marks a rejected bot token expired and does not retry it', async () => {
    slack.revoke('bot', 'invalid_auth');
    const ch = start();
    await ch.start();
    expect(ch.status()).toMatchObject({
      state: 'error',
      detail: 'Slack rejected the bot token (invalid_auth) — run: clawbar secrets set slack-bot-token',
      credentials: [
        { id: 'slack:bot', status: 'expired', detail: 'rejected by Slack' },
        { id: 'slack:app', status: 'static' },
      ],
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(slack.calls).toEqual(['auth.test']);
  });

  it('notices an app token revoked while running when Slack recycles the link', async () => {
    const ch = start();
    await ch.start();
    slack.revoke('app');
    slack.requestReconnect();
    await until(() => ch.status().state === 'error', 'the failed reconnection');
    expect(ch.status()).toMatchObject({
      detail: 'Slack rejected the app token (token_revoked) — run: clawbar secrets set slack-app-token',
      credentials: [
        { id: 'slack:bot', status: 'static' },
        { id: 'slack:app', status: 'expired' },
      ],
    });
  });

  it('reconnects when Slack asks it to (disconnect: refresh_requested) and keeps answering', async () => {
    const ch = start();
    await ch.start();
    slack.requestReconnect();
    await slack.waitForConnection(2);
    await until(() => ch.status().state === 'connected', 'connected again');
    expect(slack.calls.filter((c) => c === 'apps.connections.open')).toHaveLength(2);
    slack.sendDm(ALLOWED, DM, 'still there?');
    const [answer] = await slack.waitForMessages(1);
    expect(answer!.text).toBe('you said: still there? (1 messages)');
  });

  it('retries a login that could not reach Slack and connects once it is back', async () => {
    const port = Number(new URL(slack.url).port);
    await slack.close();
    const ch = start();
    await ch.start();
    expect(ch.status().state).toBe('error');
    expect(ch.status().detail).toMatch(/^cannot reach Slack: .*; retrying$/);
    slack = await startFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN, port });
    await until(() => ch.status().state === 'connected', 'the retried login');
    expect(ch.status()).toMatchObject({
      botUserId: slack.botUserId,
      credentials: [{ status: 'static' }, { status: 'static' }],
    });
  });
});

describe('slack channel owner (re-login from a phone)', () => {
  const OWNER = 'U0000OWNER1';

  it('holds a message the dead login cannot answer, DMs the owner, runs relogin for the owner only, answers it after', async () => {
    const owner = startOwnerDesk(ctx);
    channel = createSlackChannel({
      config: { enabled: true, allowFrom: [ALLOWED], channels: [], owner: OWNER },
      agent,
      desk: owner.desk,
      env: TOKENS,
      endpoints: { slackApiUrl: slack.apiUrl },
    });
    await channel.start();
    llm.behave('codex-token-1', { kind: 'reject', status: 401 });

    slack.sendDm(ALLOWED, DM, 'what is on today?');
    await until(() => slack.messages.some((m) => m.channel === DM), 'the held notice');
    expect(slack.messages.find((m) => m.channel === DM)!.text).toBe(HELD_NOTICE);
    // The owner's DM is opened with conversations.open (`users=<owner>`).
    await until(() => slack.messages.some((m) => m.text.startsWith('Your Codex login')), 'the owner DM');
    const dying = slack.messages.find((m) => m.text.startsWith('Your Codex login'))!;
    expect(dying.channel).toBe('D0000OWNER1');
    expect(dying.text).toContain('(openai-codex:codex-cli) was rejected by the server');

    // Someone else's `relogin` starts nothing; the owner's does, and the code comes back in the DM.
    slack.sendDm(ALLOWED, DM, 'relogin');
    slack.sendDm(OWNER, 'D0000OWNER1', 'relogin');
    await until(() => owner.started.length === 1, 'the device login');
    expect(owner.started).toEqual([[CODEX_CLI, 'device']]);
    owner.showCode('WXYZ-98765');
    await until(() => slack.messages.some((m) => m.text.includes('WXYZ-98765')), 'the code');
    expect(slack.messages.find((m) => m.text.includes('WXYZ-98765'))).toMatchObject({
      channel: 'D0000OWNER1',
      text: `To renew the Codex login, open ${DEVICE_URL} and enter the code WXYZ-98765. It expires in 14m. Sign in with the account the agent should use.`,
    });

    llm.behave('codex-token-1', { kind: 'answer' });
    owner.complete();
    await until(() => slack.messages.some((m) => m.text.startsWith('you said: relogin')), 'the held answers');
    const texts = slack.messages.map((m) => m.text);
    expect(texts.filter((t) => t === 'Codex login restored.')).toHaveLength(1);
    expect(texts.indexOf('Codex login restored.')).toBeLessThan(
      texts.indexOf('you said: what is on today? (1 messages)'),
    );
    expect(texts.indexOf('you said: what is on today? (1 messages)')).toBeLessThan(
      texts.indexOf('you said: relogin (3 messages)'),
    );
    await owner.desk.stop();
  });
});
