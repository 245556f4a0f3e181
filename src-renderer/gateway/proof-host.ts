// The page's side of the /health challenge (src-shared/gateway-proof.ts): fetch and Web Crypto,
// which a page on http://127.0.0.1 has (loopback is a secure context).
import { type GatewayProofHost } from '../../src-shared/gateway-proof';

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export const browserProofHost: GatewayProofHost = {
  async getJson(url) {
    const response = await fetch(url, { redirect: 'error', cache: 'no-store', signal: AbortSignal.timeout(2000) });
    if (!response.ok) return null;
    return response.json().catch(() => null);
  },
  nonce: () => base64url(crypto.getRandomValues(new Uint8Array(32))),
  async hmac(key, message) {
    const cryptoKey = await crypto.subtle.importKey(
      'raw',
      encoder.encode(key),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    return base64url(new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(message))));
  },
};
