// Proof that the program answering on the gateway port is the gateway, before a client hands it
// the token. Another local user can bind 18789 first; a client that sent the token (or opened a
// dashboard URL carrying it) to whatever answers would give it away. So a client first asks
// `GET /health?nonce=<32 random bytes>`, and the gateway answers with
// `proof = base64url(HMAC-SHA256(key = token, "clawbar-health-v1\n<port>\n<nonce>"))`, which only
// a holder of the token can compute and which reveals nothing about it. The port is part of the
// message, so an impostor cannot relay the challenge to a real gateway on another port.
// The HTTP request, the randomness and the HMAC are the host's (a parameter): Node passes fetch
// and node:crypto (core/gateway/health-probe.ts), the page fetch and Web Crypto (src-renderer).
import { GatewayError } from './gateway-client.js';

/** A nonce as the gateway accepts it: base64url, 16 to 128 characters. */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/** The message the proof signs. */
export function healthProofMessage(port: number, nonce: string): string {
  return `clawbar-health-v1\n${port}\n${nonce}`;
}

/** What a client needs of its host to check a gateway. */
export interface GatewayProofHost {
  /**
   * GETs `url` without following redirects, within a couple of seconds: the JSON body of a 2xx
   * answer, null for any other answer; rejects when nothing answers.
   */
  getJson(url: string): Promise<unknown>;
  /** 32 random bytes, base64url. */
  nonce(): string;
  /** base64url(HMAC-SHA256(key, message)), key and message as UTF-8. */
  hmac(key: string, message: string): Promise<string>;
}

/** What answers on a gateway URL. */
export type GatewayCheck =
  /** A clawbar gateway that proved it holds our token. */
  | { state: 'verified'; version: string }
  /** Nothing listens (or it does not answer HTTP in time). */
  | { state: 'absent' }
  /** Something that is not a clawbar gateway. */
  | { state: 'not-clawbar' }
  /** Something that claims to be clawbar but cannot prove it holds the token. */
  | { state: 'unproven' };

/** The `scheme://host:port` base and the port of a gateway URL (http, https, ws or wss). */
function gatewayAddress(url: string): { base: string; host: string; port: number } | null {
  const match = /^(https?|wss?):\/\/([^/?#@]+)/i.exec(url.trim());
  if (!match) return null;
  const secure = /^(https|wss)$/i.test(match[1]!);
  const host = match[2]!.toLowerCase();
  const port = /:(\d{1,5})$/.exec(host)?.[1];
  return { base: `${secure ? 'https' : 'http'}://${host}`, host, port: port ? Number(port) : secure ? 443 : 80 };
}

/** The gateway's HTTP base (`http://127.0.0.1:18789`) from its WebSocket URL (`ws://127.0.0.1:18789/ws`). */
export function gatewayHttpUrlOf(wsUrl: string): string {
  return gatewayAddress(wsUrl)?.base ?? wsUrl;
}

/** Compares two strings in time independent of where they differ. */
function sameText(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** Asks `<httpUrl>/health` with a fresh nonce and checks the proof against `token`. Never sends the token. */
export async function checkGateway(httpUrl: string, token: string, host: GatewayProofHost): Promise<GatewayCheck> {
  const address = gatewayAddress(httpUrl);
  if (!address) return { state: 'absent' };
  const nonce = host.nonce();
  let body: unknown;
  try {
    body = await host.getJson(`${address.base}/health?nonce=${nonce}`);
  } catch {
    return { state: 'absent' };
  }
  const health = body as { ok?: unknown; version?: unknown; proof?: unknown } | null;
  if (!health || typeof health !== 'object' || health.ok !== true || typeof health.version !== 'string') {
    return { state: 'not-clawbar' };
  }
  if (typeof health.proof !== 'string') return { state: 'unproven' };
  const expected = await host.hmac(token, healthProofMessage(address.port, nonce));
  return sameText(expected, health.proof) ? { state: 'verified', version: health.version } : { state: 'unproven' };
}

/**
 * A client refused to hand the token to what answers on the gateway port; the message is one line.
 * `UNAUTHORIZED` when something answers but cannot prove it holds the token, `UNAVAILABLE` otherwise.
 */
export class GatewayVerificationError extends GatewayError {
  override name = 'GatewayVerificationError';
  constructor(
    readonly check: Exclude<GatewayCheck, { state: 'verified' }>,
    where: string,
  ) {
    super(
      check.state === 'unproven' ? 'UNAUTHORIZED' : 'UNAVAILABLE',
      check.state === 'unproven'
        ? `the program on ${where} cannot prove it is your clawbar gateway: not sending it the token (another program may hold the port)`
        : check.state === 'not-clawbar'
          ? `${where} is taken by something that is not a clawbar gateway`
          : `no clawbar gateway answers on ${where}`,
    );
  }
}

/** {@link checkGateway} that resolves with the version for a verified gateway, else throws GatewayVerificationError. */
export async function verifyGateway(httpUrl: string, token: string, host: GatewayProofHost): Promise<string> {
  const check = await checkGateway(httpUrl, token, host);
  if (check.state === 'verified') return check.version;
  throw new GatewayVerificationError(check, gatewayAddress(httpUrl)?.host ?? httpUrl);
}
