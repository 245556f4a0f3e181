// The page's one connection: the shared GatewaySession over the browser's WebSocket. Opening the
// page asks for fresh usage numbers. React reads it through useSyncExternalStore (use-gateway.ts).
import { type WebSocketFactory, type WebSocketLike } from '../../src-shared/gateway-client';
import { GatewaySession, type GatewaySessionOptions } from '../../src-shared/gateway-session';

export type GatewayStore = GatewaySession;

// The DOM's handler types (`this: WebSocket`, `Event`) are narrower than WebSocketLike's
// `unknown` parameters, but the client only assigns handlers that ignore or read `data`/`code`.
const browserSocket: WebSocketFactory = (url) => new WebSocket(url) as unknown as WebSocketLike;

export function createGatewayStore(
  options: Pick<GatewaySessionOptions, 'resolveConnection' | 'clientName' | 'onUnauthorized'>,
): GatewayStore {
  return new GatewaySession({ ...options, createSocket: browserSocket, refreshUsageOnConnect: true });
}
