// A loopback stand-in for chatgpt.com/backend-api/wham/usage and api.anthropic.com/api/oauth/usage,
// speaking their wire format, for tests and the bench. Each test scripts the replies.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';

import { resolveEndpoints, type Endpoints } from '../../config/paths.js';

import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

/** What the server does with one request: answer JSON, answer a status, stream a body, or hang. */
export type Reply =
  | { kind: 'json'; body: unknown; status?: number; headers?: Record<string, string> }
  | { kind: 'text'; body: string; status?: number; headers?: Record<string, string> }
  | { kind: 'status'; status: number; headers?: Record<string, string> }
  | { kind: 'stream'; bytes: number; chunkBytes?: number }
  | { kind: 'hang' };

export interface UsageServer {
  /** `http://127.0.0.1:<port>/backend-api`: what CLAWBAR_CHATGPT_BASE_URL points at. */
  chatgptBaseUrl: string;
  /** `http://127.0.0.1:<port>`: what CLAWBAR_ANTHROPIC_BASE_URL points at. */
  anthropicBaseUrl: string;
  /** Endpoints as `resolveEndpoints` gives them with both base URLs pointed here. */
  endpoints: Endpoints;
  requests: RecordedRequest[];
  /** Replies for `/backend-api/wham/usage`, used in order; the last one repeats. */
  codex: Reply[];
  /** Replies for `/api/oauth/usage`, used in order; the last one repeats. */
  claude: Reply[];
  /** Replies by bearer token, before the scripted lists: each account's login gets its own windows. */
  byToken: Map<string, Reply>;
  /** Bytes actually written for streamed bodies (to prove the client stopped reading). */
  streamedBytes: number;
  /** Responses not yet finished or torn down. */
  openResponses: number;
  close(): Promise<void>;
}

export const CODEX_PATH = '/backend-api/wham/usage';
export const CLAUDE_PATH = '/api/oauth/usage';

function send(res: ServerResponse, reply: Reply, server: UsageServer): void {
  switch (reply.kind) {
    case 'json':
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify(reply.body));
      return;
    case 'text':
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body);
      return;
    case 'status':
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify({ error: { message: `status ${reply.status}` } }));
      return;
    case 'stream': {
      // No content-length: the client cannot refuse up front and must count while reading.
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(reply.chunkBytes ?? 64 * 1024, 0x20);
      let left = reply.bytes;
      const pump = () => {
        while (left > 0 && !res.destroyed) {
          const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
          left -= piece.length;
          server.streamedBytes += piece.length;
          if (!res.write(piece)) {
            res.once('drain', pump);
            return;
          }
        }
        if (!res.destroyed) res.end();
      };
      res.write('{"padding":"');
      pump();
      return;
    }
    case 'hang':
      return; // Never answers; closed by close().
  }
}

/** Starts the fake on 127.0.0.1 with a random port. */
export async function startUsageServer(): Promise<UsageServer> {
  let http: Server | null = null;
  const server: UsageServer = {
    chatgptBaseUrl: '',
    anthropicBaseUrl: '',
    endpoints: resolveEndpoints({}),
    requests: [],
    codex: [],
    claude: [],
    byToken: new Map(),
    streamedBytes: 0,
    openResponses: 0,
    close: () =>
      new Promise((resolve) => {
        if (!http) return resolve();
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
  const counters = { codex: 0, claude: 0 };
  http = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    server.requests.push({ method: req.method ?? '', path, headers: req.headers });
    server.openResponses += 1;
    res.once('close', () => (server.openResponses -= 1));
    const which = path === CODEX_PATH ? 'codex' : path === CLAUDE_PATH ? 'claude' : null;
    if (!which || req.method !== 'GET') {
      res.writeHead(404).end();
      return;
    }
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const replies = server[which];
    const reply = (token && server.byToken.get(token)) ?? replies[Math.min(counters[which]++, replies.length - 1)];
    if (!reply) {
      res.writeHead(500).end('no reply scripted');
      return;
    }
    send(res, reply, server);
  });
  await new Promise<void>((resolve) => http!.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  server.chatgptBaseUrl = `http://127.0.0.1:${port}/backend-api`;
  server.anthropicBaseUrl = `http://127.0.0.1:${port}`;
  server.endpoints = resolveEndpoints({
    CLAWBAR_CHATGPT_BASE_URL: server.chatgptBaseUrl,
    CLAWBAR_ANTHROPIC_BASE_URL: server.anthropicBaseUrl,
  });
  return server;
}

/** The body REFERENCE.md shows for wham/usage, with both windows. */
export function codexBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    plan_type: 'pro',
    rate_limit: {
      allowed: true,
      limit_reached: false,
      primary_window: {
        used_percent: 42,
        limit_window_seconds: 18000,
        reset_after_seconds: 9000,
        reset_at: 1795620000,
      },
      secondary_window: {
        used_percent: 47,
        limit_window_seconds: 604800,
        reset_after_seconds: 226800,
        reset_at: 1795837800,
      },
    },
    credits: { has_credits: false, unlimited: false, balance: '0' },
    ...overrides,
  };
}

/** The body REFERENCE.md shows for oauth/usage. */
export function claudeBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    five_hour: { utilization: 12, resets_at: '2026-11-25T17:00:00Z' },
    seven_day: { utilization: 40, resets_at: '2026-11-30T09:00:00Z' },
    seven_day_opus: null,
    seven_day_sonnet: null,
    ...overrides,
  };
}
