// The tray's view of the gateway: one GatewayClient over `ws`, the same protocol the dashboard
// speaks, so in-process and attached gateways look alike and status is never recomputed here.
// It folds the snapshot and events into a TrayState-shaped value and reconnects with backoff.
import WebSocket from 'ws';

import { createLogger } from '../core/log/logger.js';
import { gatewayHttpUrlOf, verifyGateway } from '../gateway-proof.js';
import {
  GatewayClient,
  type EventPayloads,
  type LoginView,
  type MethodName,
  type MethodParams,
  type MethodResults,
  type NotifyEvent,
  type Snapshot,
  type WebSocketLike,
} from '../protocol.js';

import type { TrayState } from './tray-model.js';

const log = createLogger('electron/feed');

export type FeedState = Omit<TrayState, 'launchAtLogin'>;

export const INITIAL_FEED_STATE: FeedState = { connection: 'connecting', profiles: [], providers: [], logins: [] };

/** The state after a (re)connect: everything from the snapshot. Pure. */
export function fromSnapshot(snapshot: Snapshot): FeedState {
  return {
    connection: 'connected',
    profiles: snapshot.profiles,
    providers: snapshot.providers,
    logins: snapshot.logins,
  };
}

/** Folds one login.progress event into the login list (new logins are added). Pure. */
export function applyLoginProgress(logins: LoginView[], progress: EventPayloads['login.progress']): LoginView[] {
  const existing = logins.find((l) => l.loginId === progress.loginId);
  const updated: LoginView = {
    ...(existing ?? {
      loginId: progress.loginId,
      profileId: progress.profileId,
      lines: [],
      startedAt: new Date().toISOString(),
    }),
    state: progress.state,
    ...(progress.url !== undefined ? { url: progress.url } : {}),
    ...(progress.error !== undefined ? { error: progress.error } : {}),
  };
  return existing ? logins.map((l) => (l.loginId === progress.loginId ? updated : l)) : [...logins, updated];
}

/** Delay before reconnect attempt `n` (0-based): 1 s doubling to 30 s. Pure. */
export function reconnectDelay(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));
}

export interface GatewayFeed {
  state(): FeedState;
  /** Called on every change of state (and on `tick`, so countdowns move). */
  onChange(listener: (state: FeedState) => void): () => void;
  onNotify(listener: (event: NotifyEvent) => void): () => void;
  request<M extends MethodName>(method: M, params?: MethodParams<M>): Promise<MethodResults[M]>;
  close(): void;
}

export interface GatewayFeedOptions {
  url: string;
  token: string;
  clientName?: string;
  /** Checks the gateway before each (re)connect; default the /health challenge (gateway-proof.ts). */
  verify?: () => Promise<unknown>;
}

/** Connects to the gateway and keeps the tray state current until `close()`. */
export function connectGatewayFeed(options: GatewayFeedOptions): GatewayFeed {
  let state = INITIAL_FEED_STATE;
  let client: GatewayClient | null = null;
  let closed = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  const changeListeners = new Set<(state: FeedState) => void>();
  const notifyListeners = new Set<(event: NotifyEvent) => void>();

  const set = (next: FeedState) => {
    state = next;
    for (const listener of changeListeners) listener(state);
  };

  const connect = async () => {
    const current = new GatewayClient({
      url: options.url,
      token: options.token,
      clientName: options.clientName ?? 'clawbar-menubar',
      // Before every attempt: the attached gateway may be gone and its port taken by another program.
      verify: options.verify ?? (() => verifyGateway(gatewayHttpUrlOf(options.url), options.token)),
      // `ws` implements the browser WebSocket surface the client uses.
      createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    });
    client = current;
    current.on('auth.changed', ({ profiles }) => set({ ...state, profiles }));
    current.on('usage.changed', ({ providers }) => set({ ...state, providers }));
    current.on('login.progress', (progress) => set({ ...state, logins: applyLoginProgress(state.logins, progress) }));
    current.on('tick', () => set(state));
    current.on('notify', (event) => {
      for (const listener of notifyListeners) listener(event);
    });
    current.onClose(() => {
      if (closed || client !== current) return;
      set({ ...state, connection: 'disconnected' });
      schedule();
    });
    try {
      const hello = await current.connect();
      if (closed) return current.close();
      attempt = 0;
      set(fromSnapshot(hello.snapshot));
    } catch (error) {
      if (closed) return;
      log.warn(`cannot reach the gateway: ${error instanceof Error ? error.message : String(error)}`);
      current.close();
      set({ ...state, connection: 'disconnected' });
      schedule();
    }
  };

  const schedule = () => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, reconnectDelay(attempt++));
    retryTimer.unref?.();
  };

  void connect();
  return {
    state: () => state,
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    onNotify(listener) {
      notifyListeners.add(listener);
      return () => notifyListeners.delete(listener);
    },
    request(method, params) {
      if (!client) return Promise.reject(new Error('not connected to the gateway'));
      return client.request(method, params);
    },
    close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      client?.close();
      client = null;
    },
  };
}
