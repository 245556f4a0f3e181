// The gateway client both sides use: the CLI and Electron over `ws`, the renderer over the
// browser's WebSocket. It imports neither Node nor the DOM; the socket comes from a factory.
import {
  type ConnectResult,
  type EventName,
  type EventPayloads,
  type MethodName,
  type MethodParams,
  type MethodResults,
  serverFrameSchema,
} from './protocol/index.js';

import type { z } from 'zod';

/**
 * Where a client's WebSocket goes (`ws://127.0.0.1:18789/ws`) and the token that opens it: what
 * the Electron preload's `getGatewayConnection()` hands the renderer.
 */
export interface GatewayConnectionInfo {
  url: string;
  token: string;
}

/** The subset of the WebSocket API the client needs: the browser's, or `ws` in Node. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

/** A request that the gateway answered with `ok: false`. */
export class GatewayError extends Error {
  override name = 'GatewayError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Listener<E extends EventName> = (payload: EventPayloads[E], seq: number) => void;

export interface GatewayClientOptions {
  url: string;
  token: string;
  createSocket: WebSocketFactory;
  clientName?: string;
  /** Per-request timeout; default 15 s. */
  timeoutMs?: number;
  /**
   * Runs before the socket is opened and must reject unless the gateway proved it holds the token
   * (`verifyGateway` of gateway-proof.ts), so no attempt hands the token to a program that took
   * the port.
   */
  verify?: () => Promise<unknown>;
}

/**
 * One connection to the gateway: `connect()` opens the socket and authenticates, `request()`
 * sends a typed method call, `on()` subscribes to events. Reconnecting is gateway-session.ts's job.
 */
export class GatewayClient {
  private socket: WebSocketLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<
    string,
    { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: ReturnType<typeof setTimeout> }
  >();
  private readonly listeners = new Map<string, Set<(payload: unknown, seq: number) => void>>();
  private closeListeners = new Set<(code: number, reason: string) => void>();

  constructor(private readonly options: GatewayClientOptions) {}

  /** Opens the socket and sends `connect`; resolves with the server's hello and snapshot. */
  async connect(): Promise<ConnectResult> {
    await this.options.verify?.();
    const socket = this.options.createSocket(this.options.url);
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.onopen = () => resolve();
      socket.onerror = () => reject(new GatewayError('UNAVAILABLE', `cannot reach the gateway at ${this.options.url}`));
      socket.onclose = (event) =>
        reject(new GatewayError('UNAVAILABLE', `gateway closed the connection (${event.code} ${event.reason})`.trim()));
    });
    socket.onerror = null;
    socket.onmessage = (event) => this.handleMessage(event.data);
    socket.onclose = (event) => {
      for (const entry of this.pending.values()) {
        clearTimeout(entry.timer);
        entry.reject(new GatewayError('UNAVAILABLE', `gateway connection closed (${event.code})`));
      }
      this.pending.clear();
      for (const listener of this.closeListeners) listener(event.code, event.reason);
    };
    return this.request('connect', {
      auth: { token: this.options.token },
      client: { name: this.options.clientName ?? 'clawbar-client' },
    });
  }

  /** Sends one method call; rejects with a GatewayError when the gateway answers `ok: false`. */
  request<M extends MethodName>(method: M, params?: MethodParams<M>): Promise<MethodResults[M]> {
    const socket = this.socket;
    if (!socket || socket.readyState !== 1) {
      return Promise.reject(new GatewayError('UNAVAILABLE', 'not connected to the gateway'));
    }
    const id = String(this.nextId++);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new GatewayError('UNAVAILABLE', `${method} timed out`));
      }, this.options.timeoutMs ?? 15_000);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      socket.send(JSON.stringify({ type: 'req', id, method, ...(params ? { params } : {}) }));
    });
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const wrapped = listener as (payload: unknown, seq: number) => void;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  /** Called once when the socket closes after a successful connect. */
  onClose(listener: (code: number, reason: string) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(code = 1000): void {
    this.socket?.close(code);
    this.socket = null;
  }

  private handleMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let parsed: z.infer<typeof serverFrameSchema>;
    try {
      parsed = serverFrameSchema.parse(JSON.parse(data));
    } catch {
      return; // A frame we cannot read is dropped; the gateway never sends one.
    }
    if (parsed.type === 'event') {
      for (const listener of this.listeners.get(parsed.event) ?? []) listener(parsed.payload, parsed.seq);
      return;
    }
    if (parsed.id === null) return;
    const entry = this.pending.get(parsed.id);
    if (!entry) return;
    this.pending.delete(parsed.id);
    clearTimeout(entry.timer);
    if (parsed.ok) entry.resolve(parsed.payload);
    else entry.reject(new GatewayError(parsed.error?.code ?? 'INTERNAL', parsed.error?.message ?? 'request failed'));
  }
}
