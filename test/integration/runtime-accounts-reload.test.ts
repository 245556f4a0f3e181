// Accounts followed by a running gateway (issue 17), through the whole runtime: config.json edited
// while it runs adds an account — its home is read and watched, its usage polled with its own
// token — and the agent, now routing by headroom, leaves the default login whose window is used up
// for it, which the notifier tells once.
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { type Runtime, startRuntime } from '../../src-main/core/runtime/start.js';
import { startFakeLlmServer, type FakeLlmServer } from '../fixtures/fake-llm-server.js';
import { gatewayClientFor } from '../fixtures/gateway-client.js';
import { codexTokens } from '../fixtures/jwt.js';
import { waitFor } from '../fixtures/reauth-helpers.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';
import { codexBodyFromNow, CODEX_PATH, startUsageServer, type UsageServer } from '../fixtures/usage-server.js';

import type { GatewayClient } from '../../src-shared/gateway-client.js';
import type { EventPayloads, NotifyEvent, ProviderView } from '../../src-shared/protocol/index.js';

let home: TempHome | undefined;
let llm: FakeLlmServer | undefined;
let usage: UsageServer | undefined;
let front: http.Server | undefined;
let runtime: Runtime | undefined;
let client: GatewayClient | undefined;
afterEach(async () => {
  client?.close();
  await runtime?.close();
  await new Promise((resolve) => (front ? front.close(resolve) : resolve(undefined)));
  await Promise.all([llm?.close(), usage?.close()]);
  home?.cleanup();
});

/** One ChatGPT base URL for both stand-ins, as chatgpt.com serves both: wham/usage to one, the rest to the other. */
async function startFront(): Promise<string> {
  front = http.createServer((req, res) => {
    const target = new URL((req.url ?? '/').startsWith(CODEX_PATH) ? usage!.chatgptBaseUrl : llm!.chatgptBaseUrl);
    const forward = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => front!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(front.address() as { port: number }).port}/backend-api`;
}

/** Writes a ChatGPT login into a Codex home; returns its access token. */
function writeCodexLogin(dir: string, accountId: string, email: string): string {
  mkdirSync(dir, { recursive: true });
  const tokens = codexTokens({ expiresAt: Date.now() + 10 * 86_400_000, accountId, email });
  const body = { auth_mode: 'chatgpt', OPENAI_API_KEY: null, tokens, last_refresh: new Date().toISOString() };
  writeFileSync(path.join(dir, 'auth.json'), JSON.stringify(body), { mode: 0o600 });
  return tokens.access_token;
}

describe('accounts in a running gateway', () => {
  it('takes an account added to config.json without a restart, routes to it, and tells of the switch once', async () => {
    home = makeTempHome('clawbar-accounts-runtime-');
    [llm, usage] = await Promise.all([startFakeLlmServer(), startUsageServer()]);
    const baseUrl = await startFront();
    const defaultToken = writeCodexLogin(home.codexHome, 'acct-default', 'me@example.com');
    const workHome = path.join(home.root, '.codex-work');
    const workToken = writeCodexLogin(workHome, 'acct-work', 'work@example.com');
    // The default login's 5-hour window is used up; the work account's has room.
    usage.byToken.set(defaultToken, { kind: 'json', body: codexBodyFromNow(100) });
    usage.byToken.set(workToken, { kind: 'json', body: codexBodyFromNow(30) });
    const configFile = path.join(home.clawbarHome, 'config.json');
    mkdirSync(home.clawbarHome, { recursive: true });
    writeFileSync(configFile, JSON.stringify({ secrets: { backend: 'file' } }));
    runtime = await startRuntime({
      env: { ...home.env, CLAWBAR_CHATGPT_BASE_URL: baseUrl },
      port: 0,
      dashboardDir: null,
    });
    client = gatewayClientFor(runtime);
    const providers: ProviderView[][] = [];
    const notes: NotifyEvent[] = [];
    client.on('usage.changed', (payload) => providers.push(payload.providers));
    client.on('notify', (event) => notes.push(event));
    await client.connect();

    const ask = async (message: string) => {
      let runId: string | null = null;
      const ended = new Promise<EventPayloads['chat']>((resolve) =>
        client!.on('chat', (event) => {
          if (event.runId === runId && event.state !== 'delta') resolve(event);
        }),
      );
      ({ runId } = await client!.request('chat.send', { sessionKey: 'dashboard:main', message }));
      await ended;
      return llm!.requests.filter((r) => r.path === '/backend-api/codex/responses').at(-1)?.credential;
    };
    // One login, strategy `order`: the default login answers, used-up window or not.
    expect(await ask('first')).toBe(defaultToken);

    // An account appears in config.json (as `clawbar accounts add` writes it): read, watched, polled.
    writeFileSync(
      configFile,
      JSON.stringify({
        secrets: { backend: 'file' },
        accounts: { 'openai-codex': [{ id: 'work', label: 'Work', home: workHome }] },
      }),
    );
    const workUsage = () =>
      providers
        .at(-1)
        ?.find((p) => p.provider === 'openai-codex')
        ?.accounts?.find((a) => a.id === 'work')?.usage;
    expect(await waitFor(() => workUsage()?.windows[0]?.leftPercent === 70, 15_000)).toBe(true);
    const { profiles } = await client.request('auth.list');
    expect(profiles.find((p) => p.id === 'openai-codex:codex-cli@work')).toMatchObject({
      status: 'ok',
      account: 'work',
      accountLabel: 'Work',
    });
    // With an account the strategy is headroom: the headline is the account, and so is the agent.
    expect(providers.at(-1)?.find((p) => p.provider === 'openai-codex')?.headline).toMatchObject({
      profileId: 'openai-codex:codex-cli@work',
      account: 'work',
    });
    expect(await ask('second')).toBe(workToken);
    expect(await ask('third')).toBe(workToken);
    await client.request('health'); // a round trip: a second notify would have arrived by now
    expect(notes.filter((n) => n.id.startsWith('switch|'))).toMatchObject([
      { title: 'Codex switched to Work', body: "The default login's 5h window is used up." },
    ]);

    // Taken out again: its profile goes, and so does its usage.
    writeFileSync(configFile, JSON.stringify({ secrets: { backend: 'file' } }));
    expect(await waitFor(() => workUsage() === undefined, 15_000)).toBe(true);
    expect((await client.request('auth.list')).profiles.some((p) => p.account === 'work')).toBe(false);
  });
});
