// The typed client the UI uses, pointed at a runtime started in the test, over the `ws` package.
import WebSocket from 'ws';

import { verifyGateway } from '../../../gateway-proof.js';
import { GatewayClient, type WebSocketLike } from '../../../protocol.js';

import type { GatewayRuntime } from '../runtime.js';

/** A `GatewayClient` for `runtime` (not yet connected, so a test can subscribe first). */
export function gatewayClientFor(runtime: Pick<GatewayRuntime, 'gateway' | 'token'>): GatewayClient {
  return new GatewayClient({
    url: runtime.gateway.wsUrl,
    token: runtime.token,
    createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    verify: () => verifyGateway(runtime.gateway.httpUrl, runtime.token),
  });
}
