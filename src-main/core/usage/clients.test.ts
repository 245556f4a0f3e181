import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { claudeBody, codexBody, startUsageServer, type UsageServer } from '../../../test/fixtures/usage-server.js';
import { parseRetryAfter } from '../util/retry-after.js';

import { claudeUsageFromBody, fetchClaudeUsage } from './claude-usage.js';
import { codexUsageFromBody, codexUsageSchema, fetchCodexUsage } from './codex-usage.js';
import { labelForWindow } from './labels.js';
import { UsageError } from './usage-error.js';
import { formatUsageWindows } from './usage-text.js';

const ACCESS = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl';
const CLAUDE_ACCESS = 'sk-ant-oat01-test-access-token-abcdef';
const NOW = Date.parse('2026-11-25T12:00:00Z');

let server: UsageServer;
beforeEach(async () => {
  server = await startUsageServer();
});
afterEach(async () => {
  await server.close();
});

function codex(options: { timeoutMs?: number; signal?: AbortSignal } = {}) {
  return fetchCodexUsage({
    baseUrl: server.chatgptBaseUrl,
    accessToken: ACCESS,
    accountId: 'acct-42',
    now: () => NOW,
    ...options,
  });
}
function claude(options: { timeoutMs?: number } = {}) {
  return fetchClaudeUsage({ baseUrl: server.anthropicBaseUrl, accessToken: CLAUDE_ACCESS, now: () => NOW, ...options });
}
async function failure(promise: Promise<unknown>): Promise<UsageError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  return error as UsageError;
}

describe('window labels', () => {
  it('names windows by their length, never their slot', () => {
    expect(labelForWindow(18000)).toBe('5h');
    expect(labelForWindow(86400)).toBe('Day');
    expect(labelForWindow(604800)).toBe('Week');
    expect(labelForWindow(3600)).toBe('1h');
    expect(labelForWindow(43200)).toBe('12h');
    expect(labelForWindow(2592000)).toBe('30d');
    expect(labelForWindow(172800)).toBe('2d');
  });
});

describe('Codex wham/usage client', () => {
  it('sends the bearer token and account id, and reads both windows, plan and credits', async () => {
    server.codex = [{ kind: 'json', body: codexBody() }];
    const usage = await codex();
    expect(server.requests).toHaveLength(1);
    const request = server.requests[0]!;
    expect(request.method).toBe('GET');
    expect(request.path).toBe('/backend-api/wham/usage');
    expect(request.headers.authorization).toBe(`Bearer ${ACCESS}`);
    expect(request.headers['chatgpt-account-id']).toBe('acct-42');
    expect(usage).toEqual({
      windows: [
        {
          label: '5h',
          windowSeconds: 18000,
          usedPercent: 42,
          leftPercent: 58,
          resetAt: new Date(1795620000 * 1000).toISOString(),
        },
        {
          label: 'Week',
          windowSeconds: 604800,
          usedPercent: 47,
          leftPercent: 53,
          resetAt: new Date(1795837800 * 1000).toISOString(),
        },
      ],
      plan: 'pro',
      credits: { hasCredits: false, unlimited: false, balance: '0' },
      fetchedAt: new Date(NOW).toISOString(),
      stale: false,
      error: null,
    });
  });

  it('labels a weekly-only window sent in the primary slot as Week', async () => {
    const body = codexBody();
    body.rate_limit = {
      primary_window: { used_percent: 10, limit_window_seconds: 604800, reset_after_seconds: 3600, reset_at: null },
      secondary_window: null,
    };
    server.codex = [{ kind: 'json', body }];
    const usage = await codex();
    expect(usage.windows).toEqual([
      {
        label: 'Week',
        windowSeconds: 604800,
        usedPercent: 10,
        leftPercent: 90,
        // No reset_at: counted from the fetch time and reset_after_seconds.
        resetAt: new Date(NOW + 3600_000).toISOString(),
      },
    ]);
  });

  it('skips null windows and a null rate_limit', async () => {
    server.codex = [{ kind: 'json', body: codexBody({ rate_limit: null, credits: null, plan_type: null }) }];
    const usage = await codex();
    expect(usage.windows).toEqual([]);
    expect(usage.plan).toBeUndefined();
    expect(usage.credits).toBeUndefined();
  });

  it('ignores unknown fields and rejects wrong types with the path of the problem', () => {
    const extra = codexUsageSchema.safeParse({ ...codexBody(), brand_new: { x: 1 } });
    expect(extra.success).toBe(true);
    const body = codexBody();
    (body.rate_limit as { primary_window: { used_percent: unknown } }).primary_window.used_percent = '42';
    server.codex = [{ kind: 'json', body }];
    return failure(codex()).then((error) => {
      expect(error.kind).toBe('invalid');
      expect(error.message).toMatch(/^invalid response: rate_limit\.primary_window\.used_percent: .*number/);
    });
  });

  it.each([401, 403])('reports %i as rejected by server', async (status) => {
    server.codex = [{ kind: 'status', status }];
    const error = await failure(codex());
    expect(error.kind).toBe('rejected');
    expect(error.status).toBe(status);
    expect(error.message).toBe(`rejected by server (${status})`);
  });

  it('does not take a 403 challenge page from the CDN for a token rejection', async () => {
    server.codex = [
      {
        kind: 'text',
        status: 403,
        body: '<html>Just a moment...</html>',
        headers: { 'content-type': 'text/html', 'cf-mitigated': 'challenge' },
      },
    ];
    const error = await failure(codex());
    expect(error.kind).toBe('http');
    expect(error.message).toBe("blocked by the server's edge (403 challenge page)");
  });

  it('reports 429 with the Retry-After delay, in seconds or as a date', async () => {
    server.codex = [
      { kind: 'status', status: 429, headers: { 'retry-after': '120' } },
      { kind: 'status', status: 429, headers: { 'retry-after': new Date(NOW + 30_000).toUTCString() } },
    ];
    const first = await failure(codex());
    expect(first).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterMs: 120_000 });
    const second = await failure(codex());
    expect(second.retryAfterMs).toBe(30_000);
    expect(parseRetryAfter('soon', NOW)).toBeNull();
  });

  it('caps an absurd Retry-After at a day instead of trusting it', async () => {
    expect(parseRetryAfter('99999999999999', NOW)).toBe(86_400_000);
    expect(parseRetryAfter('Fri, 31 Dec 9999 23:59:59 GMT', NOW)).toBe(86_400_000);
    server.codex = [{ kind: 'status', status: 429, headers: { 'retry-after': '100000000000000000000' } }];
    expect((await failure(codex())).retryAfterMs).toBe(86_400_000);
  });

  it.each([
    ['reset_at 1e20', { reset_at: 1e20, reset_after_seconds: null }],
    ['reset_at in milliseconds', { reset_at: 1_795_620_000_000, reset_after_seconds: null }],
    ['a negative reset_at', { reset_at: -1, reset_after_seconds: null }],
    ['reset_after_seconds 1e20', { reset_at: null, reset_after_seconds: 1e20 }],
  ])('drops the reset time of a window with %s', async (_what, reset) => {
    const body = codexBody({
      rate_limit: {
        primary_window: { used_percent: 10, limit_window_seconds: 18000, ...reset },
        secondary_window: null,
      },
    });
    server.codex = [{ kind: 'json', body }];
    expect((await codex()).windows).toEqual([
      { label: '5h', windowSeconds: 18000, usedPercent: 10, leftPercent: 90, resetAt: null },
    ]);
  });

  it('reports a 500 as a server error', async () => {
    server.codex = [{ kind: 'status', status: 500 }];
    const error = await failure(codex());
    expect(error).toMatchObject({ kind: 'http', status: 500, message: 'server answered 500' });
  });

  it('reports malformed JSON', async () => {
    server.codex = [{ kind: 'text', body: '{"plan_type": "pro", "rate_lim' }];
    const error = await failure(codex());
    expect(error).toMatchObject({ kind: 'invalid', message: 'invalid response: not JSON' });
  });

  it('gives up on a hanging server after the timeout', async () => {
    server.codex = [{ kind: 'hang' }];
    const error = await failure(codex({ timeoutMs: 300 }));
    expect(error).toMatchObject({ kind: 'timeout', message: 'timed out after 0.3s' });
  });

  it('can be cancelled while the server hangs', async () => {
    server.codex = [{ kind: 'hang' }];
    const controller = new AbortController();
    const pending = codex({ signal: controller.signal });
    await expect.poll(() => server.requests.length).toBe(1);
    controller.abort();
    const error = await failure(pending);
    expect(error.kind).toBe('aborted');
  });

  it('stops reading a 5 MB body past the 1 MiB cap', async () => {
    server.codex = [{ kind: 'stream', bytes: 5 * 1024 * 1024 }];
    const error = await failure(codex());
    expect(error.kind).toBe('too-large');
    expect(error.message).toBe('response larger than 1048576 bytes');
  });

  it('hangs up on an endless body instead of draining it', async () => {
    // 64 MB: far more than loopback socket buffers hold, so only a client that hangs up stops the server.
    server.codex = [{ kind: 'stream', bytes: 64 * 1024 * 1024 }];
    const error = await failure(codex());
    expect(error.kind).toBe('too-large');
    await expect.poll(() => server.openResponses).toBe(0);
    expect(server.streamedBytes).toBeLessThan(32 * 1024 * 1024);
  });

  it('refuses a declared oversized body without reading it', async () => {
    server.codex = [{ kind: 'text', body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }) }];
    const error = await failure(codex());
    expect(error.kind).toBe('too-large');
  });

  it('reports a refused connection as "usage server unreachable", the cause kept for the log', async () => {
    const baseUrl = server.chatgptBaseUrl;
    await server.close();
    const error = await failure(fetchCodexUsage({ baseUrl, accessToken: ACCESS, timeoutMs: 2000 }));
    expect(error.kind).toBe('network');
    expect(error.message).toBe('usage server unreachable');
    expect(error.detail).toBe(`${new URL(baseUrl).host}: ECONNREFUSED`);
    server = await startUsageServer();
  });
});

describe('Claude oauth/usage client', () => {
  it('sends the bearer token and the oauth beta header, and reads the windows', async () => {
    server.claude = [{ kind: 'json', body: claudeBody() }];
    const usage = await claude();
    const request = server.requests[0]!;
    expect(request.path).toBe('/api/oauth/usage');
    expect(request.headers.authorization).toBe(`Bearer ${CLAUDE_ACCESS}`);
    expect(request.headers['anthropic-beta']).toBe('oauth-2025-04-20');
    expect(usage.windows).toEqual([
      { label: '5h', windowSeconds: 18000, usedPercent: 12, leftPercent: 88, resetAt: '2026-11-25T17:00:00.000Z' },
      { label: 'Week', windowSeconds: 604800, usedPercent: 40, leftPercent: 60, resetAt: '2026-11-30T09:00:00.000Z' },
    ]);
    expect(usage.stale).toBe(false);
  });

  it('keeps model-specific weekly windows apart and skips null ones', () => {
    const usage = claudeUsageFromBody(
      {
        five_hour: null,
        seven_day: { utilization: 5, resets_at: null },
        seven_day_opus: { utilization: 80, resets_at: '2026-11-26T00:00:00+00:00' },
      },
      NOW,
    );
    expect(usage.windows.map((w) => w.label)).toEqual(['Week', 'Week Opus']);
  });

  it('reads a resets_at that is not a plausible time as no reset time', () => {
    const usage = claudeUsageFromBody(
      {
        five_hour: { utilization: 5, resets_at: '9999-12-31T00:00:00Z' },
        seven_day: { utilization: 5, resets_at: '1970-01-02T00:00:00Z' },
      },
      NOW,
    );
    expect(usage.windows.map((w) => w.resetAt)).toEqual([null, null]);
  });

  it('rejects a utilization that is not a number', async () => {
    server.claude = [{ kind: 'json', body: claudeBody({ five_hour: { utilization: 'high', resets_at: null } }) }];
    const error = await failure(claude());
    expect(error.message).toMatch(/^invalid response: five_hour\.utilization: /);
  });

  it('reports 429 with Retry-After', async () => {
    server.claude = [{ kind: 'status', status: 429, headers: { 'retry-after': '7' } }];
    const error = await failure(claude());
    expect(error).toMatchObject({ kind: 'rate-limited', retryAfterMs: 7000 });
  });
});

describe('text form', () => {
  it('prints windows as the CLI shows them', () => {
    const now = NOW;
    const usage = codexUsageFromBody(
      {
        rate_limit: {
          primary_window: {
            used_percent: 0,
            limit_window_seconds: 18000,
            reset_at: (now + (4 * 60 + 59) * 60_000 + 30_000) / 1000,
          },
          secondary_window: {
            used_percent: 47,
            limit_window_seconds: 604800,
            reset_at: (now + (2 * 24 + 15) * 3_600_000 + 120_000) / 1000,
          },
        },
      },
      now,
    );
    expect(formatUsageWindows(usage, now)).toBe('5h 100% left ⏱4h 59m · Week 53% left ⏱2d 15h');
  });

  it('leaves out the countdown when there is no reset time', () => {
    const usage = claudeUsageFromBody({ five_hour: { utilization: 30, resets_at: null } }, NOW);
    expect(formatUsageWindows(usage, NOW)).toBe('5h 70% left');
    expect(formatUsageWindows({ windows: [] }, NOW)).toBe('no usage windows');
  });
});
