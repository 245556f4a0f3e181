// The poller through the real auth engine: real auth files in a temp home, the engine's own
// rejection handling, and a re-login (a rewritten auth.json) that lifts it.
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { makeHarness, recordingLogger, type Harness } from '../../../test/fixtures/auth-engine-harness.js';
import { codexChatgptAuthJson } from '../../../test/fixtures/jwt.js';
import { codexBody, startUsageServer, type UsageServer } from '../../../test/fixtures/usage-server.js';

import { FakeTimers } from './fake-timers.test-helper.js';
import { createUsagePoller, type UsagePoller } from './poller.js';

const DAY = 86_400_000;

let harness: Harness;
let server: UsageServer;
let poller: UsagePoller | null = null;
beforeEach(async () => {
  harness = makeHarness();
  server = await startUsageServer();
});
afterEach(async () => {
  poller?.stop();
  await server.close();
  await harness.stopAll();
});

async function writeCodexLogin(accountId: string): Promise<string> {
  await mkdir(harness.home.codexHome, { recursive: true });
  const json = codexChatgptAuthJson({ expiresAt: Date.now() + 9 * DAY, accountId });
  await writeFile(path.join(harness.home.codexHome, 'auth.json'), json, { mode: 0o600 });
  return (JSON.parse(json) as { tokens: { access_token: string } }).tokens.access_token;
}

describe('usage poller with the real auth engine', () => {
  it('marks a rejected codex-cli profile expired, then resumes after a new login', async () => {
    const firstToken = await writeCodexLogin('acct-first');
    const engine = harness.engine({ watch: false });
    await engine.start();
    server.codex = [
      { kind: 'status', status: 401 },
      { kind: 'json', body: codexBody() },
    ];
    const clock = new FakeTimers(Date.now());
    poller = createUsagePoller({
      auth: engine,
      endpoints: server.endpoints,
      timers: clock,
      logger: recordingLogger(harness.lines, 'usage'),
    });
    poller.start();

    await expect
      .poll(() => engine.profiles().find((p) => p.id === 'openai-codex:codex-cli'))
      .toMatchObject({ status: 'expired', detail: 'rejected by server (401)' });
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${firstToken}`);
    expect(server.requests[0]?.headers['chatgpt-account-id']).toBe('acct-first');
    expect(poller.providers()['openai-codex']).toMatchObject({ error: 'rejected by server (401)', windows: [] });

    // `codex login` again: a new token in auth.json; the engine re-reads it and the poller follows
    // once its one-minute floor has passed.
    const secondToken = await writeCodexLogin('acct-second');
    clock.advance(60_000);
    await engine.reload();
    await expect.poll(() => poller!.providers()['openai-codex']?.error).toBeNull();
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.headers.authorization).toBe(`Bearer ${secondToken}`);
    expect(server.requests[1]?.headers['chatgpt-account-id']).toBe('acct-second');
    expect(engine.profiles().find((p) => p.id === 'openai-codex:codex-cli')?.status).toBe('ok');
    expect(harness.lines).toContain('[usage] openai-codex usage: rejected by server (401)');
    expect(harness.lines.join('\n')).not.toContain(firstToken);
  });
});
