import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeLlmServer, type FakeLlmServer } from '../../../../test/fixtures/fake-llm-server.js';

import { ANTHROPIC_OAUTH_BETA, createAnthropicClient } from './anthropic.js';
import { classifyProviderError, parseRetryAfter } from './errors.js';
import { createOpenAICodexClient } from './openai-codex.js';
import { createOpenAIClient } from './openai.js';

import type { Credential } from '../../auth/types.js';
import type { CompletionUsage } from './types.js';

let server: FakeLlmServer;
beforeAll(async () => {
  server = await startFakeLlmServer();
});
afterAll(async () => {
  await server.close();
});

const messages = [
  { role: 'user' as const, content: 'first' },
  { role: 'assistant' as const, content: 'ok' },
  { role: 'user' as const, content: 'hello there' },
];

async function complete(client: ReturnType<typeof createOpenAIClient>, credential: Credential, model: string) {
  const deltas: string[] = [];
  const usage: CompletionUsage[] = [];
  const text = await client.complete({
    model,
    instructions: 'be brief',
    messages,
    credential,
    onDelta: (d) => deltas.push(d),
    onUsage: (u) => usage.push(u),
  });
  return { text, deltas, usage };
}

describe('openai client (API key, Chat Completions)', () => {
  it('streams a chat completion from OPENAI_BASE_URL with the key as bearer', async () => {
    const client = createOpenAIClient({ baseUrl: server.openaiBaseUrl, timeoutMs: 10_000 });
    const credential: Credential = {
      profileId: 'openai:env',
      provider: 'openai',
      type: 'api_key',
      apiKey: 'openai-key-123456',
      expiresAt: null,
    };
    const { text, deltas, usage } = await complete(client, credential, 'gpt-4.1');
    expect(text).toBe('you said: hello there (3 messages)');
    expect(deltas.length).toBeGreaterThan(1);
    const request = server.requests.at(-1)!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.credential).toBe('openai-key-123456');
    expect((request.body.messages as Array<{ role: string }>)[0]!.role).toBe('system');
    // Asked for, the token counts arrive in a last chunk without choices.
    expect(request.body.stream_options).toEqual({ include_usage: true });
    expect(usage).toEqual([{ inputTokens: 14, cachedTokens: 8, outputTokens: 6 }]);
  });
});

describe('codex client (ChatGPT backend)', () => {
  it("reports the tokens of response.completed's usage", async () => {
    const client = createOpenAICodexClient({ baseUrl: server.chatgptBaseUrl, timeoutMs: 10_000 });
    const credential: Credential = {
      profileId: 'openai-codex:codex-cli',
      provider: 'openai-codex',
      type: 'oauth',
      accessToken: 'codex-token-usage',
      accountId: 'acct-1',
      expiresAt: null,
    };
    const { text, usage } = await complete(client, credential, 'gpt-6.1-sol');
    expect(text).toBe('you said: hello there (3 messages)');
    expect(usage).toEqual([{ inputTokens: 12, cachedTokens: 0, outputTokens: 5 }]);
  });
});

describe('anthropic client (Messages API)', () => {
  it('uses the Claude Code OAuth token as bearer with the oauth beta header', async () => {
    const client = createAnthropicClient({ baseUrl: server.anthropicBaseUrl, timeoutMs: 10_000 });
    const credential: Credential = {
      profileId: 'anthropic:claude-cli',
      provider: 'anthropic',
      type: 'oauth',
      accessToken: 'claude-oauth-token-1',
      expiresAt: null,
    };
    const { text, deltas, usage } = await complete(client, credential, 'claude-sonnet-4-6');
    expect(text).toBe('you said: hello there (3 messages)');
    expect(deltas.length).toBeGreaterThan(1);
    // message_start's input (10 fresh + 20 read from the cache + 4 written to it), message_delta's output.
    expect(usage).toEqual([{ inputTokens: 34, cachedTokens: 20, outputTokens: 5 }]);
    const request = server.requests.at(-1)!;
    expect(request.path).toBe('/v1/messages');
    expect(request.headers.authorization).toBe('Bearer claude-oauth-token-1');
    expect(String(request.headers['anthropic-beta'])).toContain(ANTHROPIC_OAUTH_BETA);
    expect(request.body).toMatchObject({ model: 'claude-sonnet-4-6', stream: true });
  });

  it('sends an API key without the oauth beta header', async () => {
    const client = createAnthropicClient({ baseUrl: server.anthropicBaseUrl, timeoutMs: 10_000 });
    const credential: Credential = {
      profileId: 'anthropic:env',
      provider: 'anthropic',
      type: 'api_key',
      apiKey: 'anthropic-key-1',
      expiresAt: null,
    };
    const { text } = await complete(client, credential, 'claude-haiku-4-5');
    expect(text).toBe('you said: hello there (3 messages)');
    const request = server.requests.at(-1)!;
    expect(request.credential).toBe('anthropic-key-1');
    expect(request.headers['anthropic-beta']).toBeUndefined();
    expect(request.body.system).toBe('be brief');
  });
});

describe('provider errors', () => {
  it('classifies a 401 from the real SDK as an auth failure and a 429 with its Retry-After', async () => {
    const codex = createOpenAICodexClient({ baseUrl: server.chatgptBaseUrl, timeoutMs: 10_000 });
    const anthropic = createAnthropicClient({ baseUrl: server.anthropicBaseUrl, timeoutMs: 10_000 });
    server.behave('rejected-token', { kind: 'reject', status: 401 });
    server.behave('limited-token', { kind: 'rate-limit', retryAfter: '42' });
    const codexCred = (accessToken: string): Credential => ({
      profileId: 'openai-codex:codex-cli',
      provider: 'openai-codex',
      type: 'oauth',
      accessToken,
      expiresAt: null,
    });
    const caught = async (promise: Promise<unknown>) =>
      promise.then(
        () => null,
        (error: unknown) => error,
      );
    const rejected = await caught(
      codex.complete({
        model: 'gpt-6.1-sol',
        instructions: '',
        messages,
        credential: codexCred('rejected-token'),
        onDelta: () => {},
      }),
    );
    expect(classifyProviderError(rejected)).toMatchObject({ kind: 'auth', status: 401 });
    const limited = await caught(
      anthropic.complete({
        model: 'claude-haiku-4-5',
        instructions: '',
        messages,
        credential: { ...codexCred('x'), provider: 'anthropic', apiKey: 'limited-token' },
        onDelta: () => {},
      }),
    );
    expect(classifyProviderError(limited)).toMatchObject({ kind: 'rate-limit', status: 429, retryAfterMs: 42_000 });
  });

  it('classifies an unreachable server as a network failure', async () => {
    const codex = createOpenAICodexClient({ baseUrl: 'http://127.0.0.1:1/backend-api', timeoutMs: 5_000 });
    const error = await codex
      .complete({
        model: 'gpt-6.1-sol',
        instructions: '',
        messages,
        credential: { profileId: 'p', provider: 'openai-codex', type: 'oauth', accessToken: 't', expiresAt: null },
        onDelta: () => {},
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(classifyProviderError(error).kind).toBe('network');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-25T12:00:00Z');
    expect(parseRetryAfter(new Headers({ 'retry-after': '30' }), now)).toBe(30_000);
    expect(parseRetryAfter(new Headers({ 'retry-after': 'Wed, 25 Nov 2026 12:02:00 GMT' }), now)).toBe(120_000);
    expect(parseRetryAfter(new Headers({ 'retry-after-ms': '1500', 'retry-after': '9' }), now)).toBe(1500);
    expect(parseRetryAfter(new Headers({}), now)).toBeNull();
  });
});

describe('provider error messages', () => {
  it('redacts a credential a server echoes in its error text', () => {
    const error = Object.assign(new Error('401 Incorrect API key provided: sk-proj-abcdefghijklmnopqrstuvwxyz'), {
      status: 401,
    });
    const failure = classifyProviderError(error);
    expect(failure.kind).toBe('auth');
    expect(failure.message).not.toContain('abcdefghijklmnop');
    expect(failure.message).toContain('[redacted]');
  });
});
