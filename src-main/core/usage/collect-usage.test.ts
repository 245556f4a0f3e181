import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { claudeBody, codexBody, startUsageServer, type UsageServer } from '../../../test/fixtures/usage-server.js';

import { collectUsage, collectUsageForStatus } from './collect-usage.js';
import { createFakeAuth, oauthProfile } from './fake-auth.test-helper.js';
import { formatUsageLine } from './usage-text.js';

const CODEX_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjb2RleCJ9.c2lnbmF0dXJlLWNvZGV4';
const CLAUDE_TOKEN = 'sk-ant-oat01-claude-access-token-000111';

let server: UsageServer;
beforeEach(async () => {
  server = await startUsageServer();
});
afterEach(async () => {
  await server.close();
});

function bothLoggedIn() {
  return createFakeAuth([
    [
      oauthProfile('openai-codex:codex-cli'),
      {
        profileId: 'openai-codex:codex-cli',
        provider: 'openai-codex',
        type: 'oauth',
        accessToken: CODEX_TOKEN,
        expiresAt: null,
      },
    ],
    [
      oauthProfile('anthropic:claude-cli'),
      {
        profileId: 'anthropic:claude-cli',
        provider: 'anthropic',
        type: 'oauth',
        accessToken: CLAUDE_TOKEN,
        expiresAt: null,
      },
    ],
  ]);
}

describe('collectUsage (the CLI one-shot)', () => {
  it('fetches all providers and returns usage or the reason per provider', async () => {
    server.codex = [{ kind: 'json', body: codexBody() }];
    server.claude = [{ kind: 'text', body: 'not json' }];
    const result = await collectUsage({ auth: bothLoggedIn(), endpoints: server.endpoints });
    expect(result.get('openai-codex')?.usage?.windows).toHaveLength(2);
    expect(result.get('anthropic')).toMatchObject({ usage: null, reason: 'invalid response: not JSON' });
    // What each fetch proved about its token (`models status --probe`): a garbled body is no verdict.
    expect(result.get('openai-codex')?.check).toMatchObject({
      profileId: 'openai-codex:codex-cli',
      result: 'verified',
    });
    expect(result.get('anthropic')?.check).toMatchObject({
      profileId: 'anthropic:claude-cli',
      result: 'unverified',
      detail: 'invalid response: not JSON',
    });
  });

  it('gives up on everything at the overall deadline', async () => {
    server.codex = [{ kind: 'hang' }];
    server.claude = [{ kind: 'json', body: claudeBody() }];
    const result = await collectUsage({ auth: bothLoggedIn(), endpoints: server.endpoints, deadlineMs: 400 });
    expect(result.get('openai-codex')).toMatchObject({
      usage: null,
      reason: 'timed out after 0.4s',
      check: { result: 'unverified', detail: 'timed out after 0.4s' },
    });
    expect(result.get('anthropic')?.usage?.windows.map((w) => w.label)).toEqual(['5h', 'Week']);
  });

  it('tells the engine about a rejected token', async () => {
    server.codex = [{ kind: 'status', status: 403 }];
    server.claude = [{ kind: 'json', body: claudeBody() }];
    const auth = bothLoggedIn();
    await collectUsage({ auth, endpoints: server.endpoints });
    expect(auth.rejections).toEqual([{ profileId: 'openai-codex:codex-cli', status: 403 }]);
  });

  it('skips providers without a usable login (their profile line already says why)', async () => {
    const auth = createFakeAuth([
      [oauthProfile('anthropic:claude-cli', { status: 'missing', detail: 'not logged in' }), null],
    ]);
    const result = await collectUsageForStatus({ auth, endpoints: server.endpoints });
    expect(result.size).toBe(0);
    expect(server.requests).toHaveLength(0);
  });
});

describe('formatUsageLine', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');
  const window = { label: '5h', windowSeconds: 18000, usedPercent: 20, leftPercent: 80, resetAt: null };

  it('says unavailable with the reason when there are no numbers', () => {
    const line = formatUsageLine({ windows: [], fetchedAt: null, stale: false, error: 'timed out after 3.5s' }, now);
    expect(line).toBe('usage unavailable (timed out after 3.5s)');
  });

  it('shows stale numbers with their age', () => {
    const fetchedAt = new Date(now - 12 * 60_000).toISOString();
    const line = formatUsageLine({ windows: [window], fetchedAt, stale: true, error: 'server answered 500' }, now);
    expect(line).toBe('usage: 5h 80% left (stale, fetched 12m ago)');
  });
});
