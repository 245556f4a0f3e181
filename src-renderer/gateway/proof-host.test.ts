import { describe, expect, it } from 'vitest';

import { NONCE_PATTERN } from '../../src-shared/gateway-proof';

import { browserProofHost } from './proof-host';

describe("the page's proof host", () => {
  it('computes HMAC-SHA256 as RFC 4231 test case 2 says, base64url', async () => {
    const hex = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
    const expected = btoa(String.fromCharCode(...hex.match(/../g)!.map((h) => parseInt(h, 16))))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    expect(await browserProofHost.hmac('Jefe', 'what do ya want for nothing?')).toBe(expected);
  });

  it('makes nonces the gateway accepts, a new one each time', () => {
    const a = browserProofHost.nonce();
    expect(a).toMatch(NONCE_PATTERN);
    expect(a).toHaveLength(43);
    expect(browserProofHost.nonce()).not.toBe(a);
  });
});
