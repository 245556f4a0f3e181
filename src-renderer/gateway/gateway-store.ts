// The page's one connection: the shared GatewaySession over the browser's WebSocket. Opening the
// page asks for fresh usage numbers. React reads it through useSyncExternalStore (use-gateway.ts).
// Every attempt first checks that the gateway holds the page's token (the /health challenge): a
// token it cannot prove is never sent, and the page asks for a new link as for a refused token.
import { type WebSocketFactory, type WebSocketLike } from '../../src-shared/gateway-client';
import { gatewayHttpUrlOf, verifyGateway } from '../../src-shared/gateway-proof';
import { GatewaySession, type GatewaySessionOptions } from '../../src-shared/gateway-session';

import { browserProofHost } from './proof-host';

export type GatewayStore = GatewaySession;

// The DOM's handler types (`this: WebSocket`, `Event`) are narrower than WebSocketLike's
// `unknown` parameters, but the client only assigns handlers that ignore or read `data`/`code`.
const browserSocket: WebSocketFactory = (url) => new WebSocket(url) as unknown as WebSocketLike;

export function createGatewayStore(
  options: Pick<GatewaySessionOptions, 'resolveConnection' | 'clientName' | 'onUnauthorized'>,
): GatewayStore {
  return new GatewaySession({
    ...options,
    createSocket: browserSocket,
    refreshUsageOnConnect: true,
    verify: (info) => verifyGateway(gatewayHttpUrlOf(info.url), info.token, browserProofHost),
  });
}
