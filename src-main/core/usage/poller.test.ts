import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { claudeBody, codexBody, startUsageServer, type UsageServer } from '../../../test/fixtures/usage-server.js';

import { createFakeAuth, oauthProfile, type FakeAuth } from './fake-auth.test-helper.js';
import { FakeTimers } from './fake-timers.test-helper.js';
import { createUsagePoller, type UsagePoller } from './poller.js';

import type { Credential } from '../auth/types.js';
import type { Logger } from '../log/logger.js';
import type { UsageByProvider } from './types.js';

const T0 = Date.parse('2026-11-25T12:00:00Z');
const CODEX_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjb2RleCJ9.c2lnbmF0dXJlLWNvZGV4';
const CLAUDE_TOKEN = 'sk-ant-oat01-claude-access-token-000111';
const S = 1000;

function codexCredential(accessToken = CODEX_TOKEN): Credential {
  return {
    profileId: 'openai-codex:codex-cli',
    provider: 'openai-codex',
    type: 'oauth',
    accessToken,
    accountId: 'acct-1',
    expiresAt: null,
  };
}
function claudeCredential(): Credential {
  return {
    profileId: 'anthropic:claude-cli',
    provider: 'anthropic',
    type: 'oauth',
    accessToken: CLAUDE_TOKEN,
    expiresAt: null,
  };
}

function captureLogger(lines: string[]): Logger {
  const logger: Logger = {
    info: (m) => lines.push(m),
    warn: (m) => lines.push(m),
    error: (m) => lines.push(m),
    debug: (m) => lines.push(m),
    child: () => logger,
  };
  return logger;
}

let server: UsageServer;
let clock: FakeTimers;
let poller: UsagePoller | null;
let logLines: string[];
let changes: UsageByProvider[];

beforeEach(async () => {
  server = await startUsageServer();
  clock = new FakeTimers(T0);
  poller = null;
  logLines = [];
  changes = [];
});
afterEach(async () => {
  poller?.stop();
  await server.close();
});

function start(auth: FakeAuth, options: { refreshMs?: number; requestTimeoutMs?: number } = {}): UsagePoller {
  poller = createUsagePoller({
    auth,
    endpoints: server.endpoints,
    timers: clock,
    logger: captureLogger(logLines),
    ...options,
  });
  poller.onChanged((usage) => changes.push(usage));
  poller.start();
  return poller;
}

function codexAuth(): FakeAuth {
  return createFakeAuth([[oauthProfile('openai-codex:codex-cli'), codexCredential()]]);
}

/** Waits for the n-th request to reach the server and for the poller to arm its next timer. */
async function settle(requests: number): Promise<number | null> {
  await expect.poll(() => server.requests.length).toBe(requests);
  await expect.poll(() => clock.count()).toBeGreaterThan(0);
  return clock.nextAt();
}

describe('usage poller', () => {
  it('fetches every provider with a usable OAuth token at start, then every refresh period', async () => {
    server.codex = [{ kind: 'json', body: codexBody() }];
    server.claude = [{ kind: 'json', body: claudeBody() }];
    const auth = createFakeAuth([
      [oauthProfile('openai-codex:codex-cli'), codexCredential()],
      [oauthProfile('anthropic:claude-cli', { plan: 'max' }), claudeCredential()],
    ]);
    const p = start(auth, { refreshMs: 300 * S });
    await expect.poll(() => Object.keys(p.providers()).sort()).toEqual(['anthropic', 'openai-codex']);
    expect(server.requests.map((r) => r.path).sort()).toEqual(['/api/oauth/usage', '/backend-api/wham/usage']);
    expect(p.providers()['openai-codex']?.windows.map((w) => w.label)).toEqual(['5h', 'Week']);
    expect(p.providers().anthropic?.windows.map((w) => w.label)).toEqual(['5h', 'Week']);
    // oauth/usage names no plan: the login's own (Claude's subscriptionType) stands in.
    expect(p.providers().anthropic?.plan).toBe('max');
    await expect.poll(() => clock.count()).toBe(2);
    expect(clock.nextAt()).toBe(T0 + 300 * S);

    // The same numbers again: fetched, but no change event.
    const before = changes.length;
    clock.advance(300 * S);
    await expect.poll(() => server.requests.length).toBe(4);
    await expect.poll(() => clock.count()).toBe(2);
    expect(changes.length).toBe(before);
    expect(p.providers()['openai-codex']?.fetchedAt).toBe(new Date(T0 + 300 * S).toISOString());
  });

  it('moves the next regular poll when the refresh period changes', async () => {
    server.codex = [{ kind: 'json', body: codexBody() }];
    const p = start(codexAuth(), { refreshMs: 300 * S });
    expect(await settle(1)).toBe(T0 + 300 * S);
    clock.advance(100 * S);
    p.setRefreshMs(120 * S);
    expect(clock.nextAt()).toBe(T0 + 120 * S);
    // Below the one-minute floor the floor wins; 100 s have passed since the fetch, so it is due now.
    p.setRefreshMs(10 * S);
    expect(await settle(2)).toBe(T0 + 160 * S);
  });

  it('refreshes on request at most once a minute per provider', async () => {
    server.codex = [
      { kind: 'json', body: codexBody() },
      { kind: 'json', body: codexBody({ plan_type: 'plus' }) },
    ];
    const p = start(codexAuth());
    await settle(1);
    await p.refresh('openai-codex');
    clock.advance(59 * S);
    await p.refresh();
    expect(server.requests).toHaveLength(1);
    clock.advance(1 * S);
    const usage = await p.refresh('openai-codex');
    expect(server.requests).toHaveLength(2);
    expect(usage['openai-codex']?.plan).toBe('plus');
    expect(changes.at(-1)?.['openai-codex']?.plan).toBe('plus');
  });

  it('honours Retry-After on 429, then backs off exponentially, and resets after a success', async () => {
    server.codex = [
      { kind: 'status', status: 429, headers: { 'retry-after': '150' } },
      { kind: 'status', status: 429 },
      { kind: 'status', status: 429 },
      { kind: 'status', status: 429, headers: { 'retry-after': '10' } },
      { kind: 'json', body: codexBody() },
    ];
    const p = start(codexAuth(), { refreshMs: 300 * S });
    // 1st 429: Retry-After 150 s beats the 60 s base.
    expect(await settle(1)).toBe(T0 + 150 * S);
    expect(p.providers()['openai-codex']?.error).toBe('rate limited (429)');

    // An immediate refresh during the backoff does not touch the server.
    await p.refresh('openai-codex');
    clock.advance(100 * S);
    await p.refresh('openai-codex');
    expect(server.requests).toHaveLength(1);

    clock.advance(50 * S);
    // 2nd 429, no Retry-After: 60 s × 2.
    expect(await settle(2)).toBe(T0 + 150 * S + 120 * S);
    clock.advance(120 * S);
    // 3rd: 60 s × 4.
    expect(await settle(3)).toBe(T0 + 270 * S + 240 * S);
    clock.advance(240 * S);
    // 4th: Retry-After 10 s is shorter than 60 s × 8, so the backoff wins.
    expect(await settle(4)).toBe(T0 + 510 * S + 480 * S);
    clock.advance(480 * S);
    // Success: back to the normal period.
    expect(await settle(5)).toBe(T0 + 990 * S + 300 * S);
    expect(p.providers()['openai-codex']).toMatchObject({ stale: false, error: null });
  });

  it('waits out a 30-day period on the real clock instead of polling in a loop', async () => {
    server.codex = Array.from({ length: 50 }, () => ({ kind: 'json' as const, body: codexBody() }));
    poller = createUsagePoller({
      auth: codexAuth(),
      endpoints: server.endpoints,
      refreshMs: 30 * 86_400 * S,
      minIntervalMs: 0,
      logger: captureLogger(logLines),
    });
    poller.start();
    await expect.poll(() => server.requests.length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.requests).toHaveLength(1);
  });

  it('keeps the last value flagged stale with its age when the server goes away, and recovers', async () => {
    server.codex = [
      { kind: 'json', body: codexBody() },
      { kind: 'status', status: 500 },
      { kind: 'json', body: codexBody() },
    ];
    const p = start(codexAuth(), { refreshMs: 300 * S });
    await settle(1);
    const fresh = p.providers()['openai-codex']!;
    clock.advance(300 * S);
    // 500: retried after a minute, not a full period.
    expect(await settle(2)).toBe(T0 + 360 * S);
    expect(p.providers()['openai-codex']).toEqual({ ...fresh, stale: true, error: 'server answered 500' });
    clock.advance(60 * S);
    expect(await settle(3)).toBe(T0 + 660 * S);
    expect(p.providers()['openai-codex']).toMatchObject({ stale: false, error: null });
    expect(changes.map((c) => c['openai-codex']?.stale)).toEqual([false, true, false]);
  });

  it('keeps the last value on a network error', async () => {
    server.codex = [{ kind: 'json', body: codexBody() }];
    const p = start(codexAuth(), { refreshMs: 300 * S });
    await settle(1);
    await server.close();
    clock.advance(300 * S);
    await expect.poll(() => p.providers()['openai-codex']?.stale).toBe(true);
    expect(p.providers()['openai-codex']).toMatchObject({
      error: 'usage server unreachable',
      fetchedAt: new Date(T0).toISOString(),
    });
    expect(p.providers()['openai-codex']?.windows).toHaveLength(2);
    server = await startUsageServer();
  });

  it.each([401, 403])('marks the profile rejected on %i and stops sending that token', async (status) => {
    server.codex = [
      { kind: 'status', status },
      { kind: 'json', body: codexBody() },
    ];
    const auth = codexAuth();
    const p = start(auth);
    await expect.poll(() => auth.rejections).toEqual([{ profileId: 'openai-codex:codex-cli', status }]);
    expect(p.providers()['openai-codex']).toMatchObject({ error: `rejected by server (${status})`, windows: [] });
    expect(clock.count()).toBe(0);
    clock.advance(3600 * S);
    await p.refresh();
    expect(server.requests).toHaveLength(1);

    // A new login (new token): polling resumes.
    auth.set(oauthProfile('openai-codex:codex-cli'), codexCredential(`${CODEX_TOKEN}-new`));
    await settle(2);
    expect(server.requests[1]?.headers.authorization).toBe(`Bearer ${CODEX_TOKEN}-new`);
    await expect.poll(() => p.providers()['openai-codex']?.error).toBeNull();
  });

  it('keeps the numbers, flagged stale, when the login expires, and stops polling until it is renewed', async () => {
    server.codex = [{ kind: 'json', body: codexBody() }];
    const auth = codexAuth();
    const p = start(auth, { refreshMs: 300 * S });
    await settle(1);
    auth.set(oauthProfile('openai-codex:codex-cli', { status: 'expired' }), codexCredential());
    expect(p.providers()['openai-codex']).toMatchObject({
      stale: true,
      error: 'token expired',
      fetchedAt: new Date(T0).toISOString(),
    });
    expect(p.providers()['openai-codex']?.windows).toHaveLength(2);
    expect(clock.count()).toBe(0);
    clock.advance(3600 * S);
    expect(server.requests).toHaveLength(1);

    auth.set(oauthProfile('openai-codex:codex-cli'), codexCredential(`${CODEX_TOKEN}-renewed`));
    await settle(2);
    await expect.poll(() => p.providers()['openai-codex']?.stale).toBe(false);
  });

  it('polls only providers whose profile has a usable OAuth token', async () => {
    const auth = createFakeAuth([
      [
        oauthProfile('openai:env', { type: 'api_key', status: 'static', source: 'env' }),
        {
          profileId: 'openai:env',
          provider: 'openai',
          type: 'api_key',
          apiKey: 'sk-test-key-000000000000',
          expiresAt: null,
        },
      ],
      [oauthProfile('anthropic:claude-cli', { status: 'expired', detail: null }), claudeCredential()],
    ]);
    const p = start(auth);
    expect(p.providers()).toEqual({});
    expect(server.requests).toHaveLength(0);
    expect(clock.count()).toBe(0);
  });

  it('never lets a hanging server hang the poller, and stop() aborts what is in flight', async () => {
    server.codex = [{ kind: 'hang' }];
    const p = start(codexAuth(), { requestTimeoutMs: 300 });
    await expect.poll(() => p.providers()['openai-codex']?.error).toBe('timed out after 0.3s');
    expect(await settle(1)).toBe(T0 + 60 * S);

    clock.advance(60 * S);
    await expect.poll(() => server.requests.length).toBe(2);
    p.stop();
    // Stopped mid-request: no timer left, no late update.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(clock.count()).toBe(0);
  });

  it('never logs a token', async () => {
    server.codex = [{ kind: 'status', status: 401 }];
    server.claude = [{ kind: 'status', status: 429 }];
    const auth = createFakeAuth([
      [oauthProfile('openai-codex:codex-cli'), codexCredential()],
      [oauthProfile('anthropic:claude-cli'), claudeCredential()],
    ]);
    start(auth);
    await expect.poll(() => logLines.length).toBeGreaterThanOrEqual(2);
    const all = [...logLines, JSON.stringify(poller!.providers())].join('\n');
    expect(all).not.toContain(CODEX_TOKEN);
    expect(all).not.toContain(CLAUDE_TOKEN);
    expect(logLines).toContain('openai-codex usage: rejected by server (401)');
  });
});
