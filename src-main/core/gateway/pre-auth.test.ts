// What a socket may do before it authenticates: send one small `connect` frame, soon. Anything else
// closes it at once (1008, or 1009 for size), so unauthenticated neighbours cannot slow the gateway.
import { describe, expect, it } from 'vitest';

import { TEST_TOKEN, useTestGateways } from './test-gateways.test-helper.js';

const { start: startGateway, client, authed } = useTestGateways();
// A long auth timeout, so a close in these tests is the frame's doing, not the clock's.
const start = () => startGateway({ authTimeoutMs: 60_000 });

describe('before connect', () => {
  it('closes a socket that sends a 512 KiB frame with 1009 at once', async () => {
    const gateway = await start();
    const c = await client(gateway);
    const big = `{"type":"req","id":"x","method":"connect","params":{"pad":"${'['.repeat(512 * 1024)}"}}`;
    c.ws.send(big);
    expect((await c.closed).code).toBe(1009);
  });

  it.each([
    ['text that is not JSON', 'not json'],
    ['a frame that is not a request', '{"type":"res","id":"x"}'],
    ['a deeply nested frame', `${'['.repeat(1500)}${']'.repeat(1500)}`],
    ['a binary frame', Buffer.from([1, 2, 3])],
  ])('closes a socket that sends %s with 1008', async (_what, frame) => {
    const gateway = await start();
    const c = await client(gateway);
    c.ws.send(frame);
    expect((await c.closed).code).toBe(1008);
  });

  it('closes a socket that sends more than 8 KiB of anything (here unsolicited pongs) before connect', async () => {
    const gateway = await start();
    const c = await client(gateway);
    // Pongs, not pings: ws already terminates a peer that leaves too many pings unanswered.
    for (let i = 0; i < 100; i++) c.ws.pong(Buffer.alloc(120));
    expect((await c.closed).code).toBe(1009);
  });

  it('closes a socket that does not authenticate within 5 s by default', async () => {
    const gateway = await startGateway();
    const c = await client(gateway);
    const opened = Date.now();
    expect((await c.closed).code).toBe(1008);
    expect(Date.now() - opened).toBeLessThan(8000);
  }, 15_000);

  it('takes a connect frame of normal size and, once authenticated, frames up to 1 MiB', async () => {
    const gateway = await start();
    const c = await authed(gateway);
    const res = await c.request('health', { pad: 'x'.repeat(200 * 1024) });
    expect(res).toMatchObject({ ok: true });
  });

  it('refuses further unauthenticated sockets past 64 with HTTP 503, and takes them again once those go', async () => {
    const gateway = await start();
    const idle = await Promise.all(Array.from({ length: 64 }, () => client(gateway)));
    await expect(client(gateway)).rejects.toMatchObject({ statusCode: 503 });
    for (const c of idle.slice(0, 4)) c.close();
    await Promise.all(idle.slice(0, 4).map((c) => c.closed));
    await expect
      .poll(
        async () =>
          await client(gateway).then(
            () => true,
            () => false,
          ),
      )
      .toBe(true);
  });
});

describe('binding beyond loopback', () => {
  it('refuses a token shorter than 32 random bytes, in one line', async () => {
    for (const token of ['x', 'short-but-not-43-characters-long']) {
      await expect(startGateway({ host: '0.0.0.0', token })).rejects.toThrow(
        /^gateway\.bind beyond loopback needs a gateway token of at least 32 random bytes \(43 characters\), this one has \d+: unset CLAWBAR_GATEWAY_TOKEN or delete gateway\.token to get one$/,
      );
    }
    // A short token is still accepted on loopback, where the token file is the only way in.
    await expect(startGateway({ token: 'x' })).resolves.toBeDefined();
  });

  it('names the address it really listens on', async () => {
    const gateway = await startGateway({ host: '0.0.0.0' });
    expect(gateway.listenUrl).toBe(`ws://0.0.0.0:${gateway.port}`);
    expect((await startGateway()).listenUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
  });

  it('throttles failed connects per address: refused without a token check, then allowed again', async () => {
    let now = 1_000_000;
    // Loopback stands in for a remote address here (loopback peers are exempt by default).
    const gateway = await startGateway({ host: '0.0.0.0', throttle: { exempt: () => false, now: () => now } });
    for (let i = 0; i < 5; i++) {
      const c = await client(gateway);
      expect((await c.request('connect', { auth: { token: `guess-${i}` } })).error?.code).toBe('UNAUTHORIZED');
    }
    await expect(client(gateway)).rejects.toMatchObject({ statusCode: 429 });
    now += 61_000;
    const c = await client(gateway);
    expect((await c.request('connect', { auth: { token: TEST_TOKEN } })).ok).toBe(true);
  });
});
