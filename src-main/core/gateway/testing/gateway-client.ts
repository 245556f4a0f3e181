// The typed client the UI uses, pointed at a runtime started in the test, over the `ws` package.
import WebSocket from 'ws';

import { GatewayClient, type WebSocketLike } from '../../../../src-shared/gateway-client.js';
import { verifyGateway } from '../../../../src-shared/gateway-proof.js';
import { nodeProofHost } from '../health-probe.js';

import type { Runtime } from '../../runtime/start.js';

/** A `GatewayClient` for `runtime` (not yet connected, so a test can subscribe first). */
export function gatewayClientFor(runtime: Pick<Runtime, 'gateway' | 'token'>): GatewayClient {
  return new GatewayClient({
    url: runtime.gateway.wsUrl,
    token: runtime.token,
    createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    verify: () => verifyGateway(runtime.gateway.httpUrl, runtime.token, nodeProofHost),
  });
}
