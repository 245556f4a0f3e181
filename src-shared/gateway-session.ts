// The one live connection to the gateway, shared by the dashboard, the popover and the tray: it
// connects with GatewayClient, folds the snapshot and every event into GatewayState (one reducer),
// reconnects with backoff when the gateway goes away, and offers the methods the UIs call. The
// socket and the way to find the gateway are parameters, so the renderer (browser WebSocket) and
// the Electron main process (`ws`) are thin adapters over it.
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { errorMessage } from './error-message.js';
import { GatewayClient, GatewayError, type GatewayConnectionInfo, type WebSocketFactory } from './gateway-client.js';
import { gatewayReducer, initialGatewayState, type GatewayAction, type GatewayState } from './gateway-state.js';
import {
  EVENTS,
  type EventName,
  type EventPayloads,
  type LoginMethod,
  type MethodName,
  type MethodParams,
  type MethodResults,
} from './protocol/index.js';

export interface GatewaySessionOptions {
  /** Resolves where and how to connect, on every attempt; null means no token is available. */
  resolveConnection: () => Promise<GatewayConnectionInfo | null>;
  createSocket: WebSocketFactory;
  clientName: string;
  backoff?: BackoffOptions;
  /** Ask for fresh usage numbers on every connect: a UI that opens wants them now. */
  refreshUsageOnConnect?: boolean;
  /** Called when the gateway refuses the token (so a stale stored token can be dropped). */
  onUnauthorized?: () => void;
  /** Called with the reason of every failed attempt or lost connection (for a log line). */
  onConnectionLost?: (reason: string) => void;
  /**
   * Checks, before every attempt, that the gateway holds the token (gateway-proof.ts); rejecting
   * with a GatewayError `UNAUTHORIZED` ends the attempts like a refused token, anything else retries.
   */
  verify?: (info: GatewayConnectionInfo) => Promise<unknown>;
}

type EventListener<E extends EventName> = (payload: EventPayloads[E]) => void;

export class GatewaySession {
  private state: GatewayState = initialGatewayState;
  private readonly listeners = new Set<() => void>();
  private readonly eventListeners = new Map<EventName, Set<(payload: unknown) => void>>();
  private client: GatewayClient | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = true;
  private generation = 0;
  private resyncing = false;

  constructor(private readonly options: GatewaySessionOptions) {}

  getState = (): GatewayState => this.state;

  /** Called after every change of state; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Subscribes to one event of whichever connection is live, across reconnects. */
  on<E extends EventName>(event: E, listener: EventListener<E>): () => void {
    let set = this.eventListeners.get(event);
    if (!set) this.eventListeners.set(event, (set = new Set()));
    const wrapped = listener as (payload: unknown) => void;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  /** Starts connecting (idempotent). */
  start(): void {
    this.stopped = false;
    if (!this.client && !this.retryTimer) void this.connect();
  }

  /** Closes the connection and cancels retries. */
  stop(): void {
    this.stopped = true;
    this.generation++;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.client?.close();
    this.client = null;
  }

  /** Drops the connection and connects afresh, e.g. after a new `#token=` link was opened in this tab. */
  restart(): void {
    this.stop();
    this.stopped = false;
    this.dispatch({ type: 'connection', connection: { attempt: 0, retryAt: null, error: null } });
    void this.connect();
  }

  /** Skips the backoff wait: the user asked, or the browser came back online. */
  retryNow(): void {
    if (this.stopped || this.state.connection.phase === 'connected' || this.state.connection.phase === 'connecting') {
      return;
    }
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    void this.connect();
  }

  /** Sends a method call on the live connection. */
  request<M extends MethodName>(method: M, params?: MethodParams<M>): Promise<MethodResults[M]> {
    if (!this.client) return Promise.reject(new GatewayError('UNAVAILABLE', 'not connected to the gateway'));
    return this.client.request(method, params);
  }

  /**
   * Starts (or joins) the re-login of a profile; progress arrives as `login.progress` events.
   * `device`: a link and a one-time code to finish on another device.
   */
  async startLogin(profileId: string, method?: LoginMethod): Promise<void> {
    this.dispatch({ type: 'login.requested', profileId, at: new Date().toISOString(), ...(method ? { method } : {}) });
    try {
      const { loginId } = await this.request('auth.login.start', { profileId, ...(method ? { method } : {}) });
      this.dispatch({ type: 'login.started', profileId, loginId });
    } catch (error) {
      this.dispatch({ type: 'login.failedToStart', profileId, error: errorMessage(error) });
    }
  }

  async cancelLogin(profileId: string): Promise<void> {
    const login = this.state.logins[profileId];
    if (!login?.loginId) return;
    try {
      await this.request('auth.login.cancel', { loginId: login.loginId });
    } catch (error) {
      this.dispatch({ type: 'login.failedToStart', profileId, error: errorMessage(error) });
    }
  }

  dismissLogin(profileId: string): void {
    this.dispatch({ type: 'login.dismissed', profileId });
  }

  private dispatch(action: GatewayAction): void {
    const next = gatewayReducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }

  private emit(event: EventName, payload: unknown): void {
    for (const listener of this.eventListeners.get(event) ?? []) listener(payload);
  }

  /** A gap in seq: fetch the whole state again (once at a time; the next event retries a failure). */
  private resync(client: GatewayClient): void {
    if (!this.state.resyncNeeded || this.resyncing) return;
    this.resyncing = true;
    client
      .request('status')
      .then((snapshot) => {
        if (this.client === client) this.dispatch({ type: 'snapshot', snapshot, resync: true });
      })
      .catch(() => undefined)
      .finally(() => (this.resyncing = false));
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    this.dispatch({ type: 'connection', connection: { phase: 'connecting', retryAt: null } });
    let info: GatewayConnectionInfo | null;
    try {
      info = await this.options.resolveConnection();
    } catch (error) {
      if (generation === this.generation) this.scheduleRetry(errorMessage(error));
      return;
    }
    if (generation !== this.generation) return;
    if (!info) {
      this.dispatch({ type: 'connection', connection: { phase: 'no-token', error: null } });
      return;
    }
    const verify = this.options.verify;
    const connection = info;
    const client = new GatewayClient({
      url: info.url,
      token: info.token,
      createSocket: this.options.createSocket,
      clientName: this.options.clientName,
      ...(verify ? { verify: () => verify(connection) } : {}),
    });
    // Events that arrive before the snapshot is in (the same read can carry both) wait for it.
    let early: GatewayAction[] | null = [];
    for (const event of EVENTS) {
      client.on(event, (payload, seq) => {
        if (generation !== this.generation) return;
        const action = { type: 'event', event, payload, seq } as GatewayAction;
        if (early) return void early.push(action);
        this.dispatch(action);
        this.emit(event, payload);
        this.resync(client);
      });
    }
    try {
      const hello = await client.connect();
      if (generation !== this.generation) {
        client.close();
        return;
      }
      this.client = client;
      client.onClose((code, reason) => {
        if (this.client !== client) return;
        this.client = null;
        if (!this.stopped) this.scheduleRetry(`connection closed (${code}${reason ? ` ${reason}` : ''})`);
      });
      this.dispatch({ type: 'snapshot', snapshot: hello.snapshot });
      this.dispatch({
        type: 'connection',
        connection: { phase: 'connected', attempt: 0, retryAt: null, error: null, connectedAt: Date.now() },
      });
      const waiting = early;
      early = null;
      for (const action of waiting) {
        this.dispatch(action);
        if (action.type === 'event') this.emit(action.event, action.payload);
      }
      this.resync(client);
      // The gateway rate-limits usage fetches per provider, so asking on every connect is cheap.
      if (this.options.refreshUsageOnConnect) client.request('usage.refresh', {}).catch(() => undefined);
    } catch (error) {
      client.close();
      if (generation !== this.generation) return;
      if (error instanceof GatewayError && error.code === 'UNAUTHORIZED') {
        this.options.onUnauthorized?.();
        this.dispatch({
          type: 'connection',
          connection: { phase: 'unauthorized', error: error.message, retryAt: null },
        });
        return;
      }
      this.scheduleRetry(errorMessage(error));
    }
  }

  private scheduleRetry(error: string): void {
    if (this.stopped) return;
    this.options.onConnectionLost?.(error);
    const attempt = this.state.connection.attempt + 1;
    const delay = backoffDelay(attempt, this.options.backoff);
    this.dispatch({
      type: 'connection',
      connection: { phase: 'disconnected', attempt, retryAt: Date.now() + delay, error },
    });
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }
}
