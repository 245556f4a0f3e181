// The gateway token: what a WebSocket client must present in `connect`. It lives in
// $CLAWBAR_HOME/gateway.token (mode 0600) unless CLAWBAR_GATEWAY_TOKEN provides one.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

import { healthProofMessage, NONCE_PATTERN } from '../../../src-shared/gateway-proof.js';
import { writeFileAtomic } from '../config/atomic-file.js';
import { readOwnFile } from '../config/own-files.js';
import { type Env } from '../config/paths.js';
import { registerSecret } from '../log/logger.js';

export interface GatewayToken {
  token: string;
  /** `env` when CLAWBAR_GATEWAY_TOKEN set it, `file` when read, `created` when written just now. */
  source: 'env' | 'file' | 'created';
}

/**
 * Returns the gateway token: CLAWBAR_GATEWAY_TOKEN, else the token file, else a new token
 * (32 random bytes, base64url) written atomically with mode 0600. The token is registered with
 * the logger's redaction so no log line can ever carry it.
 */
export async function loadOrCreateGatewayToken(file: string, env: Env = process.env): Promise<GatewayToken> {
  const fromEnv = env.CLAWBAR_GATEWAY_TOKEN?.trim();
  if (fromEnv) {
    registerSecret(fromEnv);
    return { token: fromEnv, source: 'env' };
  }
  const existing = await readTokenFile(file);
  if (existing) {
    registerSecret(existing);
    return { token: existing, source: 'file' };
  }
  const token = randomBytes(32).toString('base64url');
  registerSecret(token);
  await writeFileAtomic(file, `${token}\n`);
  return { token, source: 'created' };
}

/**
 * The token clients use (CLAWBAR_GATEWAY_TOKEN, else the token file), or null when there is none
 * yet; never creates (nor tightens) one. For commands that only check on a gateway (`doctor`).
 */
export async function readGatewayToken(file: string, env: Env = process.env): Promise<string | null> {
  const token = env.CLAWBAR_GATEWAY_TOKEN?.trim() || (await readTokenFile(file, false));
  registerSecret(token);
  return token;
}

async function readTokenFile(file: string, tightenMode = true): Promise<string | null> {
  // Never through a link, never a FIFO; a token file others can read is a token others can use, so
  // it is tightened through the open handle rather than trusted.
  const text = await readOwnFile(file, { maxBytes: 4096, tightenMode });
  return text?.trim() || null;
}

/**
 * Compares a presented token with the expected one in constant time. Both sides are hashed first
 * so neither the length nor a common prefix leaks through timing.
 */
export function tokensEqual(presented: string | undefined, expected: string): boolean {
  if (typeof presented !== 'string') return false;
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/**
 * The gateway's answer to a `/health` nonce (gateway-proof.ts): an HMAC of the nonce under the
 * token, which proves the token is known without revealing it. Null for a nonce of the wrong shape.
 */
export function healthProofFor(token: string, port: number, nonce: string): string | null {
  if (!NONCE_PATTERN.test(nonce)) return null;
  return hmacBase64url(token, healthProofMessage(port, nonce));
}

/** base64url(HMAC-SHA256(key, message)): the gateway's proof and the Node client's check of it. */
export function hmacBase64url(key: string, message: string): string {
  return createHmac('sha256', key).update(message).digest('base64url');
}
