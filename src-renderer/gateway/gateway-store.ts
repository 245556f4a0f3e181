// The one live connection of the page: connects with GatewayClient, folds events into the
// dashboard state, reconnects with backoff when the gateway goes away, and exposes the
// methods the UI calls. React reads it through useSyncExternalStore (use-gateway.ts).
import { GatewayVerificationError, gatewayHttpUrlOf, verifyGateway } from '../../src-main/gateway-proof';
import {
  GatewayClient,
  GatewayError,
  type GatewayConnectionInfo,
  type MethodName,
  type MethodParams,
  type MethodResults,
  type NotifyEvent,
  type WebSocketFactory,
  type WebSocketLike,
} from '../../src-main/protocol';

import { backoffDelay, type BackoffOptions } from './backoff';
import { dashboardReducer, initialState, type DashboardAction, type DashboardState } from './dashboard-state';

export interface GatewayStoreOptions {
  /** Resolves where and how to connect; null means no token is available. */
  resolveConnection: () => Promise<GatewayConnectionInfo | null>;
  createSocket?: WebSocketFactory;
  backoff?: BackoffOptions;
  clientName?: string;
  onNotify?: ((event: NotifyEvent) => void) | undefined;
  /** Called when the gateway refuses the token (so a stale stored token can be dropped). */
  onUnauthorized?: (() => void) | undefined;
  /**
   * Checks, before each (re)connect, that the gateway holds the token; default the /health
   * challenge (gateway-proof.ts), so a reconnect never hands the token to a program that took the port.
   */
  verify?: (info: GatewayConnectionInfo) => Promise<unknown>;
}

// The DOM's handler types (`this: WebSocket`, `Event`) are narrower than WebSocketLike's
// `unknown` parameters, but the client only assigns handlers that ignore or read `data`/`code`.
const browserSocket: WebSocketFactory = (url) => new WebSocket(url) as unknown as WebSocketLike;

const defaultVerify = (info: GatewayConnectionInfo) => verifyGateway(gatewayHttpUrlOf(info.url), info.token);

export class GatewayStore {
  private state: DashboardState = initialState;
  private readonly listeners = new Set<() => void>();
  private client: GatewayClient | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private generation = 0;

  constructor(private readonly options: GatewayStoreOptions) {}

  getState = (): DashboardState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

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

  /** Starts (or joins) the re-login of a profile; progress arrives as `login.progress` events. */
  async startLogin(profileId: string): Promise<void> {
    this.dispatch({ type: 'login.requested', profileId, at: new Date().toISOString() });
    try {
      const { loginId } = await this.request('auth.login.start', { profileId });
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

  private dispatch(action: DashboardAction): void {
    const next = dashboardReducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
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
    const client = new GatewayClient({
      url: info.url,
      token: info.token,
      createSocket: this.options.createSocket ?? browserSocket,
      clientName: this.options.clientName ?? 'clawbar-dashboard',
      verify: () => (this.options.verify ?? defaultVerify)(info),
    });
    client.on('auth.changed', (payload) => this.dispatch({ type: 'event', event: 'auth.changed', payload }));
    client.on('usage.changed', (payload) => this.dispatch({ type: 'event', event: 'usage.changed', payload }));
    client.on('channels.changed', (payload) => this.dispatch({ type: 'event', event: 'channels.changed', payload }));
    client.on('login.progress', (payload) => this.dispatch({ type: 'event', event: 'login.progress', payload }));
    client.on('notify', (payload) => this.options.onNotify?.(payload));
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
      // Opening the UI asks for fresh usage numbers; the gateway rate-limits per provider.
      client.request('usage.refresh', {}).catch(() => undefined);
    } catch (error) {
      client.close();
      if (generation !== this.generation) return;
      // A gateway that cannot prove it holds this token: the token is stale (or another program
      // holds the port); either way it is not sent, and the page needs a fresh link.
      const unproven = error instanceof GatewayVerificationError && error.check.state === 'unproven';
      if ((error instanceof GatewayError && error.code === 'UNAUTHORIZED') || unproven) {
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

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
