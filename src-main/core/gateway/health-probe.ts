// Is our clawbar gateway answering on this port? One answer for the CLI (`dashboard`, `doctor`) and
// the menu-bar app (attach instead of starting a second gateway): only a gateway that proves it
// holds our token (the /health challenge, gateway-proof.ts) counts, so no client ever hands the
// token — or a dashboard URL carrying it — to another program that took the port.
import { randomUUID } from 'node:crypto';

import { checkGateway, type GatewayCheck } from '../../gateway-proof.js';

export { GatewayVerificationError, type GatewayCheck } from '../../gateway-proof.js';

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
  fetchImpl: typeof fetch = fetch,
): Promise<GatewayCheck> {
  // Without a token, a random one: the challenge still tells absent / not clawbar / clawbar apart.
  const check = await checkGateway(gatewayHttpUrl(port), token ?? randomUUID(), { fetch: fetchImpl });
  return token === null && check.state === 'verified' ? { state: 'unproven' } : check;
}
