// Re-login from a phone through the whole runtime (issue 18): real discord.js against the loopback
// Discord, the real auth engine reading Codex's auth.json, the real login runner spawning the fake
// `codex` (which prints Codex 0.169's device-auth block), and the model stand-in. A friend's message
// fails on a login the model server rejects, is held, the owner is DMed, answers `relogin`, gets the
// link and code as a DM, the fake completes, the owner hears "Codex login restored, expires in …"
// and the held message is answered.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { startRuntime, type Runtime } from '../../src-main/core/runtime/start.js';
import { writeFakeCli, type FakeCli } from '../fixtures/fake-cli.js';
import { startFakeDiscord, type FakeDiscord, type PostedMessage } from '../fixtures/fake-discord.js';
import { startFakeLlmServer, type FakeLlmServer } from '../fixtures/fake-llm-server.js';
import { codexChatgptAuthJson } from '../fixtures/jwt.js';
import { captureLogs, waitFor } from '../fixtures/reauth-helpers.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';

const DAY = 86_400_000;
const DISCORD_TOKEN = 'discord-bot-token.owner-dm.0001';
const OWNER = '100000000000000009';
const FRIEND = '100000000000000001';
const STRANGER = '100000000000000002';
const FRIEND_DM = '200000000000000001';
const STRANGER_DM = '200000000000000002';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function waitForMessage(discord: FakeDiscord, match: (m: PostedMessage) => boolean, what: string) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const found = discord.messages.find(match);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}; posted: ${JSON.stringify(discord.messages.map((m) => m.content))}`);
}

describe('owner re-login over Discord (runtime)', () => {
  it('DMs the owner, runs the device login on `relogin`, says it is restored and answers the held message', async () => {
    const logs = captureLogs();
    cleanups.push(logs.restore);
    const home: TempHome = makeTempHome('clawbar-owner-dm-');
    const fake: FakeCli = writeFakeCli();
    // The login waits for the test's go (the user entering the code on the phone), then writes auth.json.
    fake.configure({
      login: { outcome: 'success', goFile: fake.goFile, deviceCode: 'WXYZ-98765', expiresAt: Date.now() + 10 * DAY },
    });
    const llm: FakeLlmServer = await startFakeLlmServer();
    const discord = await startFakeDiscord({ token: DISCORD_TOKEN });
    cleanups.push(
      home.cleanup,
      fake.cleanup,
      () => llm.close(),
      () => discord.close(),
    );

    mkdirSync(home.codexHome, { recursive: true });
    const auth = codexChatgptAuthJson({ expiresAt: Date.now() + 9 * DAY });
    writeFileSync(path.join(home.codexHome, 'auth.json'), auth);
    // The model server has revoked this login: the agent's turn is rejected (401).
    llm.behave((JSON.parse(auth) as { tokens: { access_token: string } }).tokens.access_token, {
      kind: 'reject',
      status: 401,
    });
    mkdirSync(home.clawbarHome, { recursive: true, mode: 0o700 });
    writeFileSync(
      path.join(home.clawbarHome, 'config.json'),
      JSON.stringify({
        secrets: { backend: 'file' },
        channels: { discord: { enabled: true, allowFrom: [FRIEND, STRANGER], owner: OWNER } },
      }),
    );
    const runtime: Runtime = await startRuntime({
      env: {
        ...home.env,
        CLAWBAR_CODEX_BIN: fake.codex,
        CLAWBAR_CHATGPT_BASE_URL: llm.chatgptBaseUrl,
        CLAWBAR_DISCORD_API_URL: discord.apiUrl,
        DISCORD_BOT_TOKEN: DISCORD_TOKEN,
      },
      port: 0,
      dashboardDir: null,
      openUrl: () => undefined,
    });
    cleanups.push(() => runtime.close());
    await discord.waitForReady();
    expect(await waitFor(() => logs.lines.some((l) => l.startsWith('[discord] logged in')))).toBe(true);

    // 1. The friend's message fails on the rejected login: it is held and the friend is told.
    discord.sendDm(FRIEND, FRIEND_DM, 'what is on today?');
    const notice = await waitForMessage(discord, (m) => m.channelId === FRIEND_DM, 'the held notice');
    expect(notice.content).toBe('The model login expired; your message will be answered as soon as it is renewed.');

    // 2. The owner gets one DM (a DM channel the bot opens) naming the login.
    const dying = await waitForMessage(discord, (m) => m.content.startsWith('Your Codex login'), 'the owner DM');
    expect(dying.content).toBe(
      'Your Codex login (openai-codex:codex-cli) was rejected by the server — the agent cannot answer with it. ' +
        'Reply "relogin" to get a link and a one-time code you can finish from this phone. ' +
        "(On the gateway's machine: clawbar relogin codex.)",
    );
    const ownerDm = dying.channelId;

    // 3. Someone else's `relogin` is an ordinary message (here answered as the dead login allows: held).
    discord.sendDm(STRANGER, STRANGER_DM, 'relogin');
    await waitForMessage(discord, (m) => m.channelId === STRANGER_DM, 'the stranger’s answer');
    expect(fake.calls().filter((c) => c.argv[0] === 'login')).toEqual([]);

    // 4. The owner answers `relogin`: the device login starts and its link and code arrive as a DM.
    discord.sendDm(OWNER, ownerDm, 'relogin');
    const code = await waitForMessage(discord, (m) => m.content.includes('WXYZ-98765'), 'the device code');
    expect(code.channelId).toBe(ownerDm);
    // Codex's code lasts 15 minutes from when it is printed; rounded down, a millisecond later it reads 14m.
    expect(code.content).toMatch(
      /^To renew the Codex login, open https:\/\/auth\.openai\.com\/codex\/device and enter the code WXYZ-98765\. It expires in 1[45]m\. Sign in with the account the agent should use\.$/,
    );
    expect(fake.calls().map((c) => c.argv)).toContainEqual(['login', '--device-auth']);

    // 5. The code is entered on the phone: the fake completes and writes auth.json.
    fake.go();
    const restored = await waitForMessage(discord, (m) => m.content.includes('restored'), 'the restored DM');
    expect(restored).toMatchObject({ channelId: ownerDm, content: 'Codex login restored, expires in 9d 23h.' });

    // 6. The held messages are answered by the model, in order, with the new login.
    const answer = await waitForMessage(
      discord,
      (m) => m.content.startsWith('you said: what is on today?'),
      'the answer',
    );
    expect(answer.channelId).toBe(FRIEND_DM);
    await waitForMessage(
      discord,
      (m) => m.channelId === STRANGER_DM && m.content.startsWith('you said: relogin'),
      'the stranger’s answer',
    );
    const order = discord.messages.map((m) => m.content);
    expect(order.indexOf(restored.content)).toBeLessThan(order.indexOf(answer.content));
    // Exactly one dying DM and one restored message to the owner.
    expect(discord.messages.filter((m) => m.content.startsWith('Your Codex login'))).toHaveLength(1);
    expect(discord.messages.filter((m) => m.content.includes('restored'))).toHaveLength(1);
    for (const line of logs.lines) expect(line).not.toContain(DISCORD_TOKEN);
  });
});
