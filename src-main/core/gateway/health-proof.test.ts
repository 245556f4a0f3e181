// The /health challenge (gateway-proof.ts) against the real gateway and against impostors that
// hold the port: only a program that knows the token can answer a client's nonce.
import http from 'node:http';

import { describe, expect, it, onTestFinished } from 'vitest';

import { GatewayClient } from '../../../src-shared/gateway-client.js';
import {
  checkGateway as checkWith,
  GatewayVerificationError,
  healthProofMessage,
  verifyGateway as verifyWith,
} from '../../../src-shared/gateway-proof.js';
import { freePort } from '../../../test/fixtures/free-port.js';

import { nodeProofHost } from './health-probe.js';
import { TEST_TOKEN, useTestGateways } from './test-gateways.test-helper.js';
import { healthProofFor, hmacBase64url } from './token.js';

import type { AddressInfo } from 'node:net';

const checkGateway = (url: string, token: string) => checkWith(url, token, nodeProofHost);
const verifyGateway = (url: string, token: string) => verifyWith(url, token, nodeProofHost);

const { start } = useTestGateways();

/** A loopback HTTP server answering every request with `answer(url)`; closed after the test. */
async function impostor(answer: (url: URL) => Promise<{ status?: number; body: string }>): Promise<string> {
  const server = http.createServer((req, res) => {
    void answer(new URL(req.url ?? '/', 'http://x')).then(({ status, body }) =>
      res.writeHead(status ?? 200, { 'Content-Type': 'application/json' }).end(body),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the /health challenge', () => {
  it('lets a client verify the real gateway without the token ever crossing the wire', async () => {
    const gateway = await start();
    expect(await checkGateway(gateway.httpUrl, TEST_TOKEN)).toEqual({ state: 'verified', version: '9.9.9' });
    const plain = await (await fetch(`${gateway.httpUrl}/health`)).json();
    expect(plain).toEqual({ ok: true, version: '9.9.9' });
    const nonce = 'n'.repeat(43);
    const answer = (await (await fetch(`${gateway.httpUrl}/health?nonce=${nonce}`)).json()) as { proof: string };
    expect(answer.proof).toBe(hmacBase64url(TEST_TOKEN, healthProofMessage(gateway.port, nonce)));
    expect(JSON.stringify(answer)).not.toContain(TEST_TOKEN);
    const other = (await (await fetch(`${gateway.httpUrl}/health?nonce=${'m'.repeat(43)}`)).json()) as {
      proof: string;
    };
    expect(other.proof).not.toBe(answer.proof);
  });

  it('proves nothing to a client that holds another token', async () => {
    const gateway = await start();
    expect(await checkGateway(gateway.httpUrl, `${TEST_TOKEN}-other`)).toEqual({ state: 'unproven' });
  });

  it('ignores nonces of the wrong shape', () => {
    for (const nonce of ['short', 'x'.repeat(129), 'not base64url!!!!!!!!!', '']) {
      expect(healthProofFor(TEST_TOKEN, 1, nonce)).toBeNull();
    }
  });

  it('catches an impostor that claims to be clawbar, guesses a proof, or relays the challenge to a real gateway', async () => {
    const gateway = await start();
    const claims = await impostor(async () => ({ body: JSON.stringify({ ok: true, version: '9.9.9' }) }));
    const guesses = await impostor(async () => ({
      body: JSON.stringify({ ok: true, version: '9.9.9', proof: 'A'.repeat(43) }),
    }));
    const relays = await impostor(async (url) => ({
      body: await (await fetch(`${gateway.httpUrl}/health?${url.searchParams.toString()}`)).text(),
    }));
    for (const url of [claims, guesses, relays]) {
      expect(await checkGateway(url, TEST_TOKEN)).toEqual({ state: 'unproven' });
    }
    await expect(verifyGateway(relays, TEST_TOKEN)).rejects.toThrow(
      /^the program on 127\.0\.0\.1:\d+ cannot prove it is your clawbar gateway: not sending it the token \(another program may hold the port\)$/,
    );
  });

  it('tells nothing listening from something that is not clawbar', async () => {
    expect(await checkGateway(`http://127.0.0.1:${await freePort()}`, TEST_TOKEN)).toEqual({ state: 'absent' });
    const html = await impostor(async () => ({ body: '<h1>hello' }));
    const other = await impostor(async () => ({ body: JSON.stringify({ status: 'up' }) }));
    const failing = await impostor(async () => ({ status: 500, body: '{}' }));
    for (const url of [html, other, failing]) {
      expect(await checkGateway(url, TEST_TOKEN)).toEqual({ state: 'not-clawbar' });
    }
    const error = await verifyGateway(html, TEST_TOKEN).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GatewayVerificationError);
    expect((error as Error).message).toMatch(/is taken by something that is not a clawbar gateway$/);
  });

  it('makes the gateway client verify before every socket it opens', async () => {
    const gateway = await start();
    const opened: string[] = [];
    const client = (token: string) =>
      new GatewayClient({
        url: gateway.wsUrl,
        token,
        createSocket: (url) => {
          opened.push(url);
          throw new Error('no socket in this test');
        },
        verify: () => verifyGateway(gateway.httpUrl, token),
      });
    await expect(client('not-the-token-0123456789').connect()).rejects.toThrow(/cannot prove/);
    expect(opened).toEqual([]);
    await expect(client(TEST_TOKEN).connect()).rejects.toThrow('no socket in this test');
    expect(opened).toEqual([gateway.wsUrl]);
  });
});
