// Proof that the program answering on the gateway port is the gateway, before a client hands it
// the token. Another local user can bind 18789 first; a client that sent the token (or opened a
// dashboard URL carrying it) to whatever answers would give it away. So a client first asks
// `GET /health?nonce=<32 random bytes>`, and the gateway answers with
// `proof = base64url(HMAC-SHA256(key = token, "clawbar-health-v1\n<port>\n<nonce>"))`, which only
// a holder of the token can compute, and which reveals nothing about it. The port is part of the
// message, so an impostor cannot relay the challenge to a real gateway on another port.
// Shared by Node (CLI, Electron main) and the browser (dashboard): Web Crypto and fetch only.

/** A nonce as the gateway accepts it: base64url, 16 to 128 characters. */
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/** The message the proof signs. */
export function healthProofMessage(port: number, nonce: string): string {
  return `clawbar-health-v1\n${port}\n${nonce}`;
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

export interface CheckGatewayOptions {
  fetch?: typeof fetch;
  /** Bound on the whole check; default 2 s. */
  timeoutMs?: number;
}

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(text)) return null;
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

async function hmacKey(token: string, usage: 'sign' | 'verify') {
  return crypto.subtle.importKey('raw', encoder.encode(token), { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

/** The proof for a nonce (what the gateway answers); exported for tests and stand-ins. */
export async function healthProof(token: string, port: number, nonce: string): Promise<string> {
  const signature = await crypto.subtle.sign(
    'HMAC',
    await hmacKey(token, 'sign'),
    encoder.encode(healthProofMessage(port, nonce)),
  );
  return base64url(new Uint8Array(signature));
}

/**
 * Asks `<httpUrl>/health` with a fresh nonce and checks the proof against `token` (in constant
 * time, by Web Crypto). Never throws; never sends the token.
 */
export async function checkGateway(
  httpUrl: string,
  token: string,
  options: CheckGatewayOptions = {},
): Promise<GatewayCheck> {
  const fetchImpl = options.fetch ?? fetch;
  const nonce = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const url = new URL('/health', httpUrl);
  url.searchParams.set('nonce', nonce);
  let body: unknown;
  try {
    const response = await fetchImpl(url.href, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 2000),
      redirect: 'error',
    });
    if (!response.ok) return { state: 'not-clawbar' };
    body = await response.json();
  } catch (error) {
    // Refused, reset or timed out: nothing (usable) is there. An answer that is not JSON is something else.
    return error instanceof SyntaxError ? { state: 'not-clawbar' } : { state: 'absent' };
  }
  const health = body as { ok?: unknown; version?: unknown; proof?: unknown } | null;
  if (!health || health.ok !== true || typeof health.version !== 'string') return { state: 'not-clawbar' };
  const proof = typeof health.proof === 'string' ? fromBase64url(health.proof) : null;
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (!proof) return { state: 'unproven' };
  const key = await hmacKey(token, 'verify');
  const valid = await crypto.subtle.verify('HMAC', key, proof, encoder.encode(healthProofMessage(port, nonce)));
  return valid ? { state: 'verified', version: health.version } : { state: 'unproven' };
}

/** A client refused to hand the token to what answers on the gateway port; the message is one line. */
export class GatewayVerificationError extends Error {
  override name = 'GatewayVerificationError';
  constructor(
    readonly check: Exclude<GatewayCheck, { state: 'verified' }>,
    where: string,
  ) {
    super(
      check.state === 'unproven'
        ? `the program on ${where} cannot prove it is your clawbar gateway: not sending it the token (another program may hold the port)`
        : check.state === 'not-clawbar'
          ? `${where} is taken by something that is not a clawbar gateway`
          : `no clawbar gateway answers on ${where}`,
    );
  }
}

/** The gateway's HTTP base (`http://127.0.0.1:18789`) from its WebSocket URL (`ws://127.0.0.1:18789/ws`). */
export function gatewayHttpUrlOf(wsUrl: string): string {
  const url = new URL(wsUrl);
  return `${url.protocol === 'wss:' ? 'https:' : 'http:'}//${url.host}`;
}

/** {@link checkGateway} that resolves with the version only for a verified gateway, else throws GatewayVerificationError. */
export async function verifyGateway(
  httpUrl: string,
  token: string,
  options: CheckGatewayOptions = {},
): Promise<string> {
  const check = await checkGateway(httpUrl, token, options);
  if (check.state === 'verified') return check.version;
  throw new GatewayVerificationError(check, new URL(httpUrl).host);
}
