// The tray's view of the gateway: the shared GatewaySession (one client, one reducer, the same as
// the dashboard's) over `ws`, read as a TrayState-shaped value. In-process and attached gateways
// look alike, and statuses arrive computed: nothing is recomputed here.
import WebSocket from 'ws';

import { GatewayError, type WebSocketLike } from '../../src-shared/gateway-client.js';
import { gatewayHttpUrlOf, GatewayVerificationError, verifyGateway } from '../../src-shared/gateway-proof.js';
import { GatewaySession } from '../../src-shared/gateway-session.js';
import { type GatewayState } from '../../src-shared/gateway-state.js';
import {
  type MethodName,
  type MethodParams,
  type MethodResults,
  type NotifyEvent,
} from '../../src-shared/protocol/index.js';
import { nodeProofHost } from '../core/gateway/health-probe.js';
import { createLogger } from '../core/log/logger.js';

import type { GatewayConnection, TrayState } from './tray-model.js';

const log = createLogger('electron/feed');

export type FeedState = Omit<TrayState, 'launchAtLogin'>;

/**
 * The tray's reading of the session state. Pure. Retries after a loss stay `disconnected` (no
 * flicker to `connecting` on each attempt); only the very first attempt is `connecting`.
 */
export function toFeedState(state: GatewayState): FeedState {
  const { phase, attempt, connectedAt } = state.connection;
  const connection: GatewayConnection =
    phase === 'connected'
      ? 'connected'
      : phase === 'connecting' && attempt === 0 && connectedAt === null
        ? 'connecting'
        : 'disconnected';
  return {
    connection,
    profiles: state.snapshot?.profiles ?? [],
    providers: state.snapshot?.providers ?? [],
    logins: Object.values(state.logins),
    loginTargets: state.snapshot?.loginTargets ?? [],
    agentModel: state.snapshot?.gateway.agentModel ?? null,
  };
}

export interface GatewayFeed {
  state(): FeedState;
  /** Called on every change of state (`tick` included, so countdowns move). */
  onChange(listener: (state: FeedState) => void): () => void;
  onNotify(listener: (event: NotifyEvent) => void): () => void;
  request<M extends MethodName>(method: M, params?: MethodParams<M>): Promise<MethodResults[M]>;
  close(): void;
}

export interface GatewayFeedOptions {
  url: string;
  token: string;
  clientName?: string;
}

/**
 * Before every attempt the gateway proves it holds the token: an attached gateway may have stopped
 * and its port been taken. A failed proof is retried with backoff (the real gateway may come back),
 * never answered with the token.
 */
async function verifyForTray(url: string, token: string): Promise<void> {
  try {
    await verifyGateway(gatewayHttpUrlOf(url), token, nodeProofHost);
  } catch (error) {
    if (error instanceof GatewayVerificationError) throw new GatewayError('UNAVAILABLE', error.message);
    throw error;
  }
}

/** Connects to the gateway and keeps the tray state current until `close()`. */
export function connectGatewayFeed(options: GatewayFeedOptions): GatewayFeed {
  const session = new GatewaySession({
    resolveConnection: async () => ({ url: options.url, token: options.token }),
    // `ws` implements the browser WebSocket surface the client uses.
    createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    clientName: options.clientName ?? 'clawbar-menubar',
    verify: (info) => verifyForTray(info.url, info.token),
    onConnectionLost: (reason) => log.warn(`cannot reach the gateway: ${reason}`),
  });
  let read: { from: GatewayState; state: FeedState } | null = null;
  const state = (): FeedState => {
    const current = session.getState();
    if (read?.from !== current) read = { from: current, state: toFeedState(current) };
    return read.state;
  };
  session.start();
  return {
    state,
    onChange: (listener) => session.subscribe(() => listener(state())),
    onNotify: (listener) => session.on('notify', listener),
    request: (method, params) => session.request(method, params),
    close: () => session.stop(),
  };
}
