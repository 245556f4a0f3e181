import http from 'node:http';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeLlmServer, type FakeLlmServer } from '../../../../test/fixtures/fake-llm-server.js';
import { freePort } from '../../../../test/fixtures/free-port.js';

import { classifyProviderError } from './errors.js';
import { CODEX_CLIENT_VERSION, CODEX_ORIGINATOR, codexSessionId } from './openai-codex-wire.js';
import { createOpenAICodexClient, sseData } from './openai-codex.js';

import type { Credential } from '../../auth/types.js';
import type { CompletionRequest, ProviderClientOptions } from './types.js';
import type { AddressInfo } from 'node:net';

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

const credential = (accessToken: string): Credential => ({
  profileId: 'openai-codex:codex-cli',
  provider: 'openai-codex',
  type: 'oauth',
  accessToken,
  accountId: 'acct-42',
  expiresAt: null,
});

function turn(token: string, extra: Partial<CompletionRequest> = {}, options: Partial<ProviderClientOptions> = {}) {
  const client = createOpenAICodexClient({ baseUrl: server.chatgptBaseUrl, timeoutMs: 10_000, ...options });
  const deltas: string[] = [];
  const done = client.complete({
    model: 'gpt-6.1-sol',
    instructions: 'be brief',
    messages,
    credential: credential(token),
    sessionKey: 'discord:dm:1234567890',
    onDelta: (d) => deltas.push(d),
    ...extra,
  });
  return { done, deltas };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the turn to fail');
    },
    (error: unknown) => classifyProviderError(error),
  );

describe('openai-codex client (ChatGPT Codex backend)', () => {
  it('streams the answer from {chatgpt}/codex/responses with the token, account and Codex headers', async () => {
    const { done, deltas } = turn('codex-access-token-1');
    const text = await done;
    expect(text).toBe('you said: hello there (3 messages)');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.join('')).toBe(text);
    const request = server.requests.at(-1)!;
    expect(request.path).toBe('/backend-api/codex/responses');
    expect(request.headers).toMatchObject({
      authorization: 'Bearer codex-access-token-1',
      'chatgpt-account-id': 'acct-42',
      accept: 'text/event-stream',
      originator: CODEX_ORIGINATOR,
      version: CODEX_CLIENT_VERSION,
    });
    expect(request.body).toMatchObject({ model: 'gpt-6.1-sol', stream: true, store: false });
    expect(request.body).not.toHaveProperty('instructions');
    expect((request.body.input as unknown[]).slice(1, 3)).toEqual([
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'be brief' }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'first' }] },
    ]);
  });

  it('keeps one session id per conversation across turns, and never sends the conversation key', async () => {
    const requests = async (sessionKey: string) => {
      await turn('t', { sessionKey }).done;
      return server.requests.at(-1)!;
    };
    const [a1, a2, b] = [await requests('discord:dm:111'), await requests('discord:dm:111'), await requests('x')];
    const id = a1.headers['session-id'];
    expect(id).toBe(codexSessionId('discord:dm:111', 'acct-42'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a1.body.prompt_cache_key).toBe(id);
    expect(a2.headers['session-id']).toBe(id);
    expect(b.headers['session-id']).not.toBe(id);
    expect(JSON.stringify(a1.headers)).not.toContain('111');
    expect(codexSessionId('discord:dm:111', 'another-account')).not.toBe(id);
  });

  it('cools down for as long as a usage limit says in its body', async () => {
    server.behave('limited', { kind: 'usage-limit', resetsInSeconds: 90 });
    expect(await failure(turn('limited').done)).toMatchObject({
      kind: 'rate-limit',
      status: 429,
      retryAfterMs: 90_000,
    });
  });

  it('passes on the message of a model the backend does not serve', async () => {
    const catalogServer = await startFakeLlmServer({ codexModels: { models: [] } });
    try {
      const error = await failure(turn('t', { model: 'gpt-0' }, { baseUrl: catalogServer.chatgptBaseUrl }).done);
      expect(error).toMatchObject({ kind: 'http', status: 404, message: '404 Model not found gpt-0' });
    } finally {
      await catalogServer.close();
    }
  });

  it('turns response.failed into an error, a rate limit into a cooldown', async () => {
    server.behave('failing', { kind: 'stream-failed', code: 'server_error', message: 'the model broke' });
    expect(await failure(turn('failing').done)).toMatchObject({ kind: 'other', message: 'the model broke' });
    server.behave('throttled', { kind: 'stream-failed', code: 'rate_limit_exceeded', message: 'slow down' });
    expect(await failure(turn('throttled').done)).toMatchObject({ kind: 'rate-limit', status: 429 });
  });

  it('treats a stream that ends before response.completed as a dropped connection', async () => {
    server.behave('cut', { kind: 'stream-cut' });
    const { done, deltas } = turn('cut');
    expect(await failure(done)).toMatchObject({ kind: 'network' });
    expect(deltas).toHaveLength(1);
  });

  it('gives up on a stream that goes silent, as a network failure', async () => {
    server.behave('stall', { kind: 'stream-stall' });
    const error = await failure(turn('stall', {}, { timeoutMs: 300 }).done);
    expect(error).toMatchObject({ kind: 'network', message: 'the Codex backend was silent for 0.3s' });
  });

  it('stops when the caller cancels', async () => {
    server.behave('stall-2', { kind: 'stream-stall' });
    const controller = new AbortController();
    const { done } = turn('stall-2', { signal: controller.signal });
    await expect.poll(() => server.requests.some((r) => r.credential === 'stall-2')).toBe(true);
    controller.abort();
    expect(await failure(done)).toMatchObject({ kind: 'aborted' });
  });

  it('says why the backend could not be reached', async () => {
    // A port just freed: nothing listens there (fetch refuses the well-known ones outright).
    const error = await failure(turn('t', {}, { baseUrl: `http://127.0.0.1:${await freePort()}` }).done);
    expect(error).toMatchObject({ kind: 'network', message: 'could not reach the Codex backend (ECONNREFUSED)' });
  });

  it('refuses a token no header can carry without echoing it', async () => {
    const before = server.requests.length;
    const error = await turn('secret-part\r\nx-injected: 1').done.then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toBe('the access token holds characters an HTTP header cannot carry');
    expect(server.requests).toHaveLength(before);
  });

  it('refuses an event larger than 8 MiB instead of buffering it', async () => {
    const flood = http.createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: ');
      const block = 'x'.repeat(1024 * 1024);
      let sent = 0;
      const more = () => {
        while (sent < 16 && res.write(block)) sent++;
        if (sent < 16) res.once('drain', more);
      };
      more();
    });
    await new Promise<void>((resolve) => flood.listen(0, '127.0.0.1', resolve));
    try {
      const port = (flood.address() as AddressInfo).port;
      const error = await failure(turn('t', {}, { baseUrl: `http://127.0.0.1:${port}` }).done);
      expect(error).toMatchObject({ kind: 'other', message: 'the Codex backend sent an event over 8 MiB' });
    } finally {
      flood.closeAllConnections();
      await new Promise((resolve) => flood.close(resolve));
    }
  });
});

describe('reading Server-Sent Events', () => {
  async function events(chunks: string[]): Promise<string[]> {
    const bytes = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(bytes.encode(chunk));
        controller.close();
      },
    });
    const out: string[] = [];
    for await (const data of sseData(body, () => {})) out.push(data);
    return out;
  }

  it('joins data lines and splits events on blank lines, whatever the line ends and chunk edges', async () => {
    const stream = 'event: a\r\ndata: {"n":1}\r\n\r\n: comment\rdata: {"n":\rdata: 2}\r\rdata:{"n":3}\n\n';
    const expected = ['{"n":1}', '{"n":\n2}', '{"n":3}'];
    expect(await events([stream])).toEqual(expected);
    for (let cut = 1; cut < stream.length; cut++) {
      expect(await events([stream.slice(0, cut), stream.slice(cut)])).toEqual(expected);
    }
    expect(await events([...stream])).toEqual(expected);
  });
});
