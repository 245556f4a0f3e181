import { describe, expect, it } from 'vitest';

import { checkGateway, gatewayHttpUrlOf, healthProofMessage, type GatewayProofHost } from './gateway-proof.js';

/** A host whose /health answer and HMAC are scripted (the real hosts have their own tests). */
function host(answer: () => Promise<unknown>): GatewayProofHost & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    getJson: (url) => {
      asked.push(url);
      return answer();
    },
    nonce: () => 'n'.repeat(43),
    hmac: async (key, message) => `mac(${key},${message.replace(/\n/g, '|')})`,
  };
}

describe('gateway proof', () => {
  it('finds the HTTP base of a gateway WebSocket URL', () => {
    expect(gatewayHttpUrlOf('ws://127.0.0.1:18789/ws')).toBe('http://127.0.0.1:18789');
    expect(gatewayHttpUrlOf('wss://gw.example:8443/ws')).toBe('https://gw.example:8443');
  });

  it('asks /health with the nonce and accepts only the proof for this port and nonce', async () => {
    const good = `mac(tok,${healthProofMessage(18789, 'n'.repeat(43)).replace(/\n/g, '|')})`;
    const h = host(async () => ({ ok: true, version: '1.2.3', proof: good }));
    expect(await checkGateway('http://127.0.0.1:18789', 'tok', h)).toEqual({ state: 'verified', version: '1.2.3' });
    expect(h.asked).toEqual([`http://127.0.0.1:18789/health?nonce=${'n'.repeat(43)}`]);
    // The same proof does not hold for another port (a relay) or another token.
    expect(await checkGateway('http://127.0.0.1:18790', 'tok', h)).toEqual({ state: 'unproven' });
    expect(await checkGateway('http://127.0.0.1:18789', 'other', h)).toEqual({ state: 'unproven' });
  });

  it('tells absent, not clawbar and unproven apart', async () => {
    const refused = host(() => Promise.reject(new Error('ECONNREFUSED')));
    expect(await checkGateway('http://127.0.0.1:1', 'tok', refused)).toEqual({ state: 'absent' });
    for (const body of [null, 'text', { ok: 'yes', version: '1' }, { ok: true }]) {
      expect(
        await checkGateway(
          'http://127.0.0.1:1',
          'tok',
          host(async () => body),
        ),
      ).toEqual({ state: 'not-clawbar' });
    }
    expect(
      await checkGateway(
        'http://127.0.0.1:1',
        'tok',
        host(async () => ({ ok: true, version: '1' })),
      ),
    ).toEqual({
      state: 'unproven',
    });
  });
});
