// The gateway server (DESIGN.md §6): one node:http server serving the dashboard and /health, and
// a WebSocket endpoint on /ws guarded by an Origin check at upgrade and the token in `connect`.
// Transport only: what the methods do and what the snapshot holds, the runtime passes in.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import { type Duplex } from 'node:stream';

import { WebSocketServer } from 'ws';

import { errorMessage } from '../../../src-shared/error-message.js';
import {
  type ConnectResult,
  EVENTS,
  type EventName,
  type EventPayloads,
  MAX_FRAME_BYTES,
  METHODS,
  PROTOCOL_VERSION,
  type Snapshot,
} from '../../../src-shared/protocol/index.js';
import { createLogger, type Logger } from '../log/logger.js';

import { createConnectThrottle, type ConnectThrottleOptions } from './connect-throttle.js';
import { Connection } from './connection.js';
import { type MethodHandlers } from './handlers.js';
import { gatewayOrigins, isOriginAllowed } from './origin.js';
import { createStaticHandler, dashboardCsp } from './static-files.js';
import { healthProofFor } from './token.js';

export interface GatewayOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** Interface to bind; default 127.0.0.1. Anything else needs `gateway.bind` in config. */
  host?: string;
  token: string;
  version: string;
  /** The handler of every method but `connect` (the runtime registers them). */
  methods: MethodHandlers;
  /** The state `connect` answers with (the `status` snapshot), built when a client connects. */
  snapshot: () => Snapshot;
  /** Built dashboard (dist/renderer); null answers `/` with 503 and a hint. */
  dashboardDir: string | null;
  /** Extra origins allowed to open /ws besides the gateway's own (e.g. a packaged app's scheme). */
  extraOrigins?: string[];
  logger?: Logger;
  /** `tick` event period; default 30 s. */
  tickMs?: number;
  /** Unsent bytes after which a client is dropped; default 4 MiB. */
  maxBufferedBytes?: number;
  /** How long a socket may stay unauthenticated; default 5 s. */
  authTimeoutMs?: number;
  /** Unauthenticated sockets at once; more are refused with HTTP 503. Default 64. */
  maxUnauthenticated?: number;
  /** The throttle of failed `connect`s per address (tests pass `exempt` to include loopback). */
  throttle?: ConnectThrottleOptions;
  now?: () => number;
}

/** A token as clawbar generates it (32 random bytes, base64url) is this long; binding beyond loopback needs one. */
export const MIN_OFF_LOOPBACK_TOKEN_CHARS = 43;

export interface Gateway {
  readonly host: string;
  readonly port: number;
  /** The address it really listens on, `ws://<bind address>:<port>` (for the listening line). */
  readonly listenUrl: string;
  /** `ws://127.0.0.1:<port>/ws` */
  readonly wsUrl: string;
  /** `http://127.0.0.1:<port>` */
  readonly httpUrl: string;
  readonly startedAt: number;
  /** Sends an event to every authenticated client (payload serialised once), then tells `onBroadcast` listeners. */
  broadcast<E extends EventName>(event: E, payload: EventPayloads[E]): void;
  /** Observes every broadcast event (the notifier derives notifications from them). */
  onBroadcast(listener: BroadcastListener): () => void;
  /** Authenticated clients right now. */
  clientCount(): number;
  /** Closes every client with 1001 and stops listening; resolves within about a second. */
  close(): Promise<void>;
}

export type BroadcastListener = <E extends EventName>(event: E, payload: EventPayloads[E]) => void;

/** gateway.bind beyond loopback with a token too short to withstand guessing from the network. */
export class WeakTokenError extends Error {
  override name = 'WeakTokenError';
  constructor(length: number) {
    super(
      `gateway.bind beyond loopback needs a gateway token of at least 32 random bytes (${MIN_OFF_LOOPBACK_TOKEN_CHARS} characters), this one has ${length}: unset CLAWBAR_GATEWAY_TOKEN or delete gateway.token to get one`,
    );
  }
}

/** The port is taken (another gateway, most likely). */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(readonly port: number) {
    super(`port ${port} is already in use — is another clawbar gateway running? (clawbar dashboard)`);
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      if (error.code === 'EADDRINUSE') reject(new PortInUseError(port));
      else if (error.code === 'EACCES') reject(new Error(`not allowed to listen on port ${port} (EACCES)`));
      else reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ port, host, exclusive: true });
  });
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n`,
  );
  socket.destroy();
}

/**
 * Starts the gateway and resolves once it is listening; rejects with {@link PortInUseError}
 * when the port is taken. Nothing is left running after a rejection.
 */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const host = options.host ?? '127.0.0.1';
  const loopback = host === '127.0.0.1' || host === '::1';
  if (!loopback && options.token.length < MIN_OFF_LOOPBACK_TOKEN_CHARS) {
    // Another machine can try tokens at network speed: only a long random one will do.
    throw new WeakTokenError(options.token.length);
  }
  const logger = options.logger ?? createLogger('gateway');
  const throttle = createConnectThrottle(options.throttle);
  const maxUnauthenticated = options.maxUnauthenticated ?? 64;
  const now = options.now ?? Date.now;
  const startedAt = now();
  const connections = new Set<Connection>();
  const authenticated = new Set<Connection>();
  let port = options.port;
  let allowedOrigins = new Set<string>();

  const handlers = options.methods;
  const hello = (): ConnectResult => ({
    protocol: PROTOCOL_VERSION,
    server: { name: 'clawbar', version: options.version, pid: process.pid },
    methods: METHODS,
    events: EVENTS,
    snapshot: options.snapshot(),
  });

  const serveStatic = createStaticHandler(options.dashboardDir, () => dashboardCsp(port));
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const [pathname = '/', query = ''] = (req.url ?? '/').split('?');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res
        .writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' })
        .end('Method not allowed\n');
      return;
    }
    if (pathname === '/health') {
      // With a client's nonce, also prove the token is known here (gateway-proof.ts).
      const nonce = new URLSearchParams(query).get('nonce');
      const proof = nonce === null ? null : healthProofFor(options.token, port, nonce);
      const body = JSON.stringify({ ok: true, version: options.version, ...(proof ? { proof } : {}) });
      res.writeHead(200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Length': Buffer.byteLength(body),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    if (pathname === '/ws') {
      res
        .writeHead(426, { Upgrade: 'websocket', 'Content-Type': 'text/plain; charset=utf-8' })
        .end('Upgrade required\n');
      return;
    }
    serveStatic(pathname, req, res).catch((error: unknown) => {
      logger.error(`serving ${pathname} failed: ${errorMessage(error)}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Internal error\n');
    });
  };

  const server = createServer(onRequest);
  // Slow-loris and idle keep-alive sockets must not pile up on a long-running local server.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, clientTracking: false });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = (req.url ?? '/').split('?')[0];
    if (pathname !== '/ws') {
      refuseUpgrade(socket, 404, 'Not Found');
      return;
    }
    if (!isOriginAllowed(req.headers.origin, allowedOrigins)) {
      logger.warn(`refused a WebSocket from origin ${JSON.stringify(req.headers.origin).slice(0, 200)}`);
      refuseUpgrade(socket, 403, 'Forbidden');
      return;
    }
    const address = req.socket.remoteAddress;
    if (throttle.blocked(address)) {
      refuseUpgrade(socket, 429, 'Too Many Requests');
      return;
    }
    // Each socket costs a file descriptor: unauthenticated ones are bounded so a flood of them
    // cannot starve the process of the descriptors it needs to read credential files.
    if (connections.size - authenticated.size >= maxUnauthenticated) {
      refuseUpgrade(socket, 503, 'Service Unavailable');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const connection = new Connection(ws, {
        rawSocket: socket,
        headBytes: head.length,
        token: options.token,
        handlers,
        hello,
        logger,
        maxBufferedBytes: options.maxBufferedBytes ?? 4 * 1024 * 1024,
        authTimeoutMs: options.authTimeoutMs ?? 5_000,
        onAuthenticated: (c) => {
          authenticated.add(c);
          throttle.succeeded(address);
          logger.debug(`client ${c.clientName} connected (${authenticated.size} connected)`);
        },
        onAuthFailed: () => throttle.failed(address),
        onClosed: (c) => {
          connections.delete(c);
          authenticated.delete(c);
        },
      });
      connections.add(connection);
    });
  });

  await listen(server, options.port, host);
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : options.port;
  const ownOrigins = gatewayOrigins(port);
  if (host !== '127.0.0.1' && host !== '::1') {
    // Bound beyond loopback (gateway.bind): the dashboard is also reached at this machine's addresses.
    for (const address of Object.values(networkInterfaces()).flat()) {
      if (address && !address.internal && address.family === 'IPv4')
        ownOrigins.push(`http://${address.address}:${port}`);
    }
  }
  allowedOrigins = new Set([...ownOrigins, ...(options.extraOrigins ?? [])].map((o) => o.toLowerCase()));

  const observers = new Set<BroadcastListener>();
  const broadcast = <E extends EventName>(event: E, payload: EventPayloads[E]) => {
    if (authenticated.size > 0) {
      const json = JSON.stringify(payload);
      for (const connection of authenticated) connection.sendEventJson(event, json);
    }
    for (const observer of observers) {
      try {
        observer(event, payload);
      } catch (error) {
        logger.error(`a ${event} observer failed: ${errorMessage(error)}`);
      }
    }
  };
  const tick = setInterval(() => broadcast('tick', { ts: now() }), options.tickMs ?? 30_000);
  tick.unref();

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      clearInterval(tick);
      for (const connection of connections) connection.close(1001, 'gateway shutting down');
      server.close(() => resolve());
      server.closeIdleConnections();
      // A client that ignores the close handshake (or a hung HTTP request) must not hold the exit.
      setTimeout(() => {
        for (const connection of connections) connection.socket.terminate();
        server.closeAllConnections();
      }, 1000).unref();
    }));

  const displayHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    host,
    port,
    listenUrl: `ws://${host.includes(':') ? `[${host}]` : host}:${port}`,
    wsUrl: `ws://${displayHost}:${port}/ws`,
    httpUrl: `http://${displayHost}:${port}`,
    startedAt,
    broadcast,
    onBroadcast: (listener) => {
      observers.add(listener);
      return () => observers.delete(listener);
    },
    clientCount: () => authenticated.size,
    close,
  };
}
