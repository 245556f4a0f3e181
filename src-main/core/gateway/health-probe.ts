// Is our clawbar gateway answering on this port? One answer for the CLI (`dashboard`, `doctor`) and
// the menu-bar app (attach, reconnect, Open Dashboard): only a gateway that proves it holds our
// token (the /health challenge of src-shared/gateway-proof.ts) counts, so no client ever hands the
// token — or a dashboard URL carrying it — to another program that took the port.
import { randomBytes } from 'node:crypto';

import { checkGateway, type GatewayCheck, type GatewayProofHost } from '../../../src-shared/gateway-proof.js';

import { hmacBase64url } from './token.js';

export { GatewayVerificationError, type GatewayCheck } from '../../../src-shared/gateway-proof.js';

/**
 * The challenge from Node: fetch with a 5 s bound and no redirects, node:crypto for the rest. The
 * bound only costs time against a listener that never answers; 2 s called a busy gateway absent
 * (a runtime just started, on a machine at load 16, answered later).
 */
export const nodeProofHost: GatewayProofHost = {
  async getJson(url) {
    const response = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: 'error' });
    if (!response.ok) return null;
    return response.json().catch(() => null);
  },
  nonce: () => randomBytes(32).toString('base64url'),
  hmac: async (key, message) => hmacBase64url(key, message),
};

/** `http://127.0.0.1:<port>`, where clients reach the gateway. */
export function gatewayHttpUrl(port: number): string {
  return `http://127.0.0.1:${port}`;
}

/**
 * What answers on `127.0.0.1:<port>`. With no token to check against (none created yet), a clawbar
 * answer can only be `unproven`.
 */
export async function probeGateway(
  port: number,
  token: string | null,
  host: GatewayProofHost = nodeProofHost,
): Promise<GatewayCheck> {
  // Without a token, a random one: the challenge still tells absent / not clawbar / clawbar apart.
  const check = await checkGateway(gatewayHttpUrl(port), token ?? host.nonce(), host);
  return token === null && check.state === 'verified' ? { state: 'unproven' } : check;
}
