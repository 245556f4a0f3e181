// The Codex scanner against the real Codex CLI (the @openai/codex devDependency): `codex exec`
// and `codex exec resume` answer through a loopback Responses stand-in that reports known usage,
// and the scan of the rollout Codex wrote must count exactly that.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { makeTempHome, type TempHome } from '../../../../test/fixtures/temp-home.js';

import { codexSource, scanLogs } from './log-scan.js';
import { createMemoryLogStore } from './memory-store.js';

import type { AddressInfo } from 'node:net';

const codexBin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../node_modules/.bin/codex');

/** Per request n: input 1000·n (of which 600·(n−1) cached), output 20 + n (5 of it reasoning). */
const usageOf = (n: number) => ({
  input_tokens: 1000 * n,
  input_tokens_details: { cached_tokens: 600 * (n - 1) },
  output_tokens: 20 + n,
  output_tokens_details: { reasoning_tokens: 5 },
  total_tokens: 1000 * n + 20 + n,
});

function startResponsesStandIn(): Promise<{ url: string; close(): Promise<void> }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (!req.url?.endsWith('/responses')) return void res.writeHead(404).end('{}');
      n++;
      const item = {
        id: `msg_${n}`,
        type: 'message',
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: `hi ${n}`, annotations: [] }],
      };
      const response = (status: string, output: unknown[], usage: unknown) => ({
        id: `resp_${n}`,
        object: 'response',
        created_at: 1_700_000_000,
        status,
        model: 'gpt-5.2',
        output,
        usage,
      });
      const events: Array<[string, unknown]> = [
        ['response.created', { type: 'response.created', response: response('in_progress', [], null) }],
        ['response.output_item.done', { type: 'response.output_item.done', output_index: 0, item }],
        ['response.completed', { type: 'response.completed', response: response('completed', [item], usageOf(n)) }],
      ];
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const [event, data] of events) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      res.end();
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    ),
  );
}

function codex(home: TempHome, args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(codexBin, ['exec', '--skip-git-repo-check', ...args], {
      cwd: home.root,
      env: { ...home.env, MOCK_API_KEY: 'test-key' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(code) : reject(new Error(`codex exited ${code}: ${stderr.slice(-500)}`)),
    );
  });
}

describe('Codex scanner against the real Codex CLI', () => {
  let home: TempHome;
  let standIn: Awaited<ReturnType<typeof startResponsesStandIn>>;
  beforeEach(async () => {
    home = makeTempHome();
    standIn = await startResponsesStandIn();
    mkdirSync(home.codexHome, { recursive: true });
    writeFileSync(
      path.join(home.codexHome, 'config.toml'),
      [
        'model = "gpt-5.2"',
        'model_provider = "standin"',
        '[model_providers.standin]',
        'name = "standin"',
        `base_url = "${standIn.url}"`,
        'wire_api = "responses"',
        'env_key = "MOCK_API_KEY"',
        'request_max_retries = 0',
        'stream_max_retries = 0',
      ].join('\n'),
    );
  });
  afterEach(async () => {
    await standIn.close();
    home.cleanup();
  });

  it('counts what the stand-in reported for a session and its resumed turn', async () => {
    await codex(home, ['first question']);
    const store = createMemoryLogStore();
    await scanLogs(codexSource(home.codexHome), { store });
    expect(store.buckets(0)).toMatchObject([
      { source: 'codex', model: 'gpt-5.2', input: 1000, cached: 0, output: 21, reasoning: 5, requests: 1 },
    ]);

    // Resuming appends to the same rollout: the next scan reads only the new turn.
    await codex(home, ['resume', '--last', 'second question']);
    const stats = await scanLogs(codexSource(home.codexHome), { store });
    expect(stats).toMatchObject({ files: 1, read: 1, resets: 0 });
    const [total] = store.buckets(0).reduce(
      (acc, b) => {
        acc[0]!.input += b.input;
        acc[0]!.cached += b.cached;
        acc[0]!.output += b.output;
        acc[0]!.requests += b.requests;
        return acc;
      },
      [{ input: 0, cached: 0, output: 0, requests: 0 }],
    );
    expect(total).toEqual({ input: 3000, cached: 600, output: 43, requests: 2 });
  }, 60_000);
});
