// One WebSocket client of the gateway: authentication by `connect`, request dispatch, events with
// a per-connection sequence number, and the bound on what a slow reader may make us buffer.
// Before `connect` succeeds a socket may send only one small `connect` frame: anything else (or more
// than a few KiB on the wire, counted on the raw socket so a big frame is never even buffered)
// closes it at once, so unauthenticated neighbours cannot make the gateway parse megabytes.
import { errorMessage } from '../../../src-shared/error-message.js';
import {
  type ConnectResult,
  type ErrorCode,
  type EventName,
  type EventPayloads,
  methodParams,
  requestFrameSchema,
  type ServerFrame,
} from '../../../src-shared/protocol/index.js';
import { type Logger, redact } from '../log/logger.js';

import { MethodError, type MethodHandlers } from './handlers.js';
import { tokensEqual } from './token.js';

import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/** Bytes a socket may send (frames, pings, everything) before it authenticates. */
export const PRE_AUTH_MAX_BYTES = 8 * 1024;
/** The largest frame taken before authentication; a `connect` frame is a few hundred bytes. */
export const PRE_AUTH_MAX_FRAME = 4 * 1024;

export interface ConnectionOptions {
  /** The TCP socket under `socket`, whose bytes are counted until authentication. */
  rawSocket: Duplex;
  /** Bytes that arrived with the upgrade request itself. */
  headBytes: number;
  token: string;
  handlers: MethodHandlers;
  hello(): ConnectResult;
  logger: Logger;
  /** A client whose unsent data exceeds this is dropped instead of buffered further. */
  maxBufferedBytes: number;
  /** A socket that has not authenticated after this long is closed. */
  authTimeoutMs: number;
  onAuthenticated(connection: Connection): void;
  /** A `connect` with a missing or wrong token (the throttle counts these). */
  onAuthFailed(connection: Connection): void;
  onClosed(connection: Connection): void;
}

const OPEN = 1;

export class Connection {
  private authenticated = false;
  private refused = false;
  private seq = 0;
  private preAuthBytes: number;
  private readonly authTimer: ReturnType<typeof setTimeout>;
  private readonly countBytes = (chunk: Buffer) => {
    this.preAuthBytes += chunk.length;
    if (this.preAuthBytes > PRE_AUTH_MAX_BYTES) this.refuse(1009, 'too much data before connect');
  };
  clientName = 'unknown';

  constructor(
    readonly socket: WebSocket,
    private readonly options: ConnectionOptions,
  ) {
    this.preAuthBytes = options.headBytes;
    this.authTimer = setTimeout(() => this.refuse(1008, 'connect timeout'), options.authTimeoutMs);
    options.rawSocket.on('data', this.countBytes);
    socket.on('message', (data, isBinary) => {
      if (this.refused) return;
      if (!this.authenticated) {
        this.onPreAuthMessage(data as Buffer, isBinary);
        return;
      }
      void this.onMessage(isBinary ? null : data.toString());
    });
    socket.on('close', () => {
      clearTimeout(this.authTimer);
      options.rawSocket.off('data', this.countBytes);
      options.onClosed(this);
    });
    // Errors (a frame over maxPayload, a reset) end in `close`; without a listener ws would throw.
    socket.on('error', (error) => options.logger.debug(`client ${this.clientName}: ${error.message}`));
  }

  get isAuthenticated(): boolean {
    return this.authenticated;
  }

  /** Sends one event with this connection's next sequence number. */
  sendEvent<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    if (!this.authenticated) return;
    this.send({ type: 'event', event, payload, seq: ++this.seq });
  }

  /** Sends a frame serialised once by the caller (broadcasts), with this connection's seq. */
  sendEventJson(event: string, payloadJson: string): void {
    if (!this.authenticated) return;
    this.sendRaw(`{"type":"event","event":${JSON.stringify(event)},"payload":${payloadJson},"seq":${++this.seq}}`);
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  private send(frame: ServerFrame): void {
    this.sendRaw(JSON.stringify(frame));
  }

  private sendRaw(text: string): void {
    if (this.socket.readyState !== OPEN) return;
    if (this.socket.bufferedAmount > this.options.maxBufferedBytes) {
      this.options.logger.warn(
        `dropped slow client ${this.clientName}: ${this.socket.bufferedAmount} bytes unsent (limit ${this.options.maxBufferedBytes})`,
      );
      this.socket.terminate();
      return;
    }
    this.socket.send(text);
  }

  private fail(id: string | null, code: ErrorCode, message: string): void {
    this.send({ type: 'res', id, ok: false, error: { code, message } });
  }

  /**
   * Closes the socket with `code` at once: stops reading (the rest of a big frame is never parsed),
   * sends the close frame, and does not wait for the peer's answer.
   */
  private refuse(code: 1008 | 1009, reason: string): void {
    if (this.refused) return;
    this.refused = true;
    this.options.rawSocket.pause();
    this.socket.close(code, reason);
    this.options.rawSocket.end();
    setTimeout(() => this.socket.terminate(), 1000).unref();
  }

  /** The one frame a socket may send before it authenticates: a small, well-formed `connect`. */
  private onPreAuthMessage(data: Buffer, isBinary: boolean): void {
    if (isBinary) return this.refuse(1008, 'frames must be JSON text');
    if (data.length > PRE_AUTH_MAX_FRAME) return this.refuse(1009, 'connect frame too large');
    let raw: unknown;
    try {
      raw = JSON.parse(data.toString());
    } catch {
      return this.refuse(1008, 'frame is not valid JSON');
    }
    const frame = requestFrameSchema.safeParse(raw);
    if (!frame.success) return this.refuse(1008, 'expected a connect request');
    if (frame.data.method !== 'connect') {
      this.reject(frame.data.id, 'the first request must be connect with the gateway token');
      return;
    }
    this.connect(frame.data.id, frame.data.params);
  }

  private async onMessage(text: string | null): Promise<void> {
    if (text === null) {
      this.fail(null, 'INVALID_REQUEST', 'frames must be JSON text');
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      this.fail(null, 'INVALID_REQUEST', 'frame is not valid JSON');
      return;
    }
    const frame = requestFrameSchema.safeParse(raw);
    if (!frame.success) {
      const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id.slice(0, 128) : null;
      this.fail(id, 'INVALID_REQUEST', 'expected {"type":"req","id":string,"method":string,"params"?:object}');
      return;
    }
    const { id, method, params } = frame.data;

    if (method === 'connect') {
      this.connect(id, params);
      return;
    }
    if (!Object.hasOwn(methodParams, method)) {
      this.fail(id, 'NOT_FOUND', `unknown method ${method}`);
      return;
    }
    const name = method as keyof MethodHandlers;
    const parsed = methodParams[name].safeParse(params);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : (issue?.path ?? []);
      const where = path.length > 0 ? `params.${path.join('.')}` : 'params';
      this.fail(id, 'INVALID_REQUEST', `${method}: ${where} ${issue?.message ?? 'invalid'}`);
      return;
    }
    try {
      const handler = this.options.handlers[name] as (params: unknown) => Promise<unknown>;
      const payload = await handler(parsed.data);
      this.send({ type: 'res', id, ok: true, payload });
    } catch (error) {
      if (error instanceof MethodError) {
        this.fail(id, error.code, redact(error.message));
      } else {
        const message = redact(errorMessage(error));
        this.options.logger.error(`${method} failed: ${message}`);
        this.fail(id, 'INTERNAL', `${method} failed: ${message}`);
      }
    }
  }

  private connect(id: string, params: Record<string, unknown> | undefined): void {
    const parsed = methodParams.connect.safeParse(params ?? {});
    const presented = parsed.success ? parsed.data.auth?.token : undefined;
    if (!tokensEqual(presented, this.options.token)) {
      this.options.onAuthFailed(this);
      this.reject(id, presented === undefined ? 'missing gateway token' : 'wrong gateway token');
      return;
    }
    if (parsed.success && parsed.data.client) {
      this.clientName = parsed.data.client.name.replace(/[^\w.@/-]/g, '').slice(0, 64) || 'unknown';
    }
    if (!this.authenticated) {
      this.authenticated = true;
      clearTimeout(this.authTimer);
      this.options.rawSocket.off('data', this.countBytes);
      this.options.onAuthenticated(this);
    }
    let hello: ConnectResult;
    try {
      hello = this.options.hello();
    } catch (error) {
      const message = redact(errorMessage(error));
      this.options.logger.error(`connect failed: ${message}`);
      this.fail(id, 'INTERNAL', `connect failed: ${message}`);
      return;
    }
    this.send({ type: 'res', id, ok: true, payload: hello });
  }

  private reject(id: string, message: string): void {
    this.options.logger.warn(`refused a client: ${message}`);
    this.fail(id, 'UNAUTHORIZED', message);
    this.refuse(1008, 'unauthorized');
  }
}
