import { once } from 'node:events';
import net from 'node:net';
import os from 'node:os';

import { describe, expect, it, onTestFinished } from 'vitest';

import { openAuthedClient, openRawClient } from '../../../test/fixtures/raw-client.js';

import { MethodError } from './handlers.js';
import { type Gateway, PortInUseError } from './server.js';
import { TEST_TOKEN as TOKEN, useTestGateways } from './test-gateways.test-helper.js';

import type { ProfileView } from '../../../src-shared/protocol/index.js';
import type { GatewayServices } from '../runtime/services.js';

const testGateways = useTestGateways();
const { start, authed, captureLogs } = testGateways;
const client = (gateway: Gateway, origin?: string) => testGateways.client(gateway, origin ? { origin } : {});

const profile = (id: string, status: ProfileView['status']): ProfileView => ({
  id,
  provider: id.split(':')[0]!,
  type: 'oauth',
  source: 'codex-cli',
  status,
  expiresAt: null,
  remainingMs: null,
  refreshable: true,
  relogin: false,
  detail: null,
});

describe('Origin check at upgrade', () => {
  it.each([
    'http://evil.example',
    'null',
    'file://',
    'http://127.0.0.1:1',
    'http://localhost.evil.example',
    'https://127.0.0.1',
    // The gateway does not listen on ::1, and localhost may resolve there: another program could
    // hold that port and serve a page with either origin.
    'http://[::1]:PORT',
    'http://localhost:PORT',
  ])('refuses a WebSocket from origin %s with HTTP 403', async (origin) => {
    const gateway = await start();
    const foreign = (origin === 'http://localhost.evil.example' ? `${origin}:PORT` : origin).replace(
      'PORT',
      String(gateway.port),
    );
    await expect(client(gateway, foreign)).rejects.toMatchObject({ statusCode: 403 });
    expect(gateway.clientCount()).toBe(0);
  });

  it("accepts the gateway's own origins and clients that send none", async () => {
    const gateway = await start();
    for (const origin of [`http://127.0.0.1:${gateway.port}`, undefined]) {
      const c = await client(gateway, origin);
      expect((await c.request('connect', { auth: { token: TOKEN } })).ok).toBe(true);
    }
    expect(gateway.clientCount()).toBe(2);
  });

  it('accepts an extra origin only when configured', async () => {
    const gateway = await start({ extraOrigins: ['app://clawbar'] });
    await expect(client(gateway, 'app://clawbar')).resolves.toBeDefined();
  });

  it('refuses upgrades on other paths', async () => {
    const gateway = await start();
    await expect(openRawClient(`ws://127.0.0.1:${gateway.port}/other`)).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('token check in connect', () => {
  it('refuses a connect without a token: UNAUTHORIZED, then close 1008', async () => {
    const gateway = await start();
    const c = await client(gateway);
    const res = await c.request('connect', { client: { name: 'x' } });
    expect(res).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect((await c.closed).code).toBe(1008);
  });

  it('refuses a wrong token, including the right one with a suffix or of another type', async () => {
    const gateway = await start();
    for (const token of ['wrong', `${TOKEN}x`, TOKEN.slice(0, -1), '', 42]) {
      const c = await client(gateway);
      const res = await c.request('connect', { auth: { token } });
      expect(res).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
      expect((await c.closed).code).toBe(1008);
    }
    expect(gateway.clientCount()).toBe(0);
  });

  it('refuses any other method before connect', async () => {
    const gateway = await start();
    const c = await client(gateway);
    const res = await c.request('status');
    expect(res).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect((await c.closed).code).toBe(1008);
  });

  it('accepts the right token and answers with the hello and snapshot', async () => {
    const gateway = await start({
      services: { auth: { profiles: () => [profile('openai-codex:codex-cli', 'ok')], reload: async () => [] } },
    });
    const { hello } = await openAuthedClient(gateway.wsUrl, TOKEN);
    const payload = hello.payload as Record<string, unknown> & { snapshot: Record<string, unknown> };
    expect(payload).toMatchObject({
      protocol: 1,
      server: { name: 'clawbar', version: '9.9.9', pid: process.pid },
      methods: expect.arrayContaining(['health', 'status', 'auth.list', 'config.get', 'chat.send']),
      events: expect.arrayContaining(['auth.changed', 'usage.changed', 'login.progress', 'notify', 'chat', 'tick']),
    });
    expect(payload.snapshot).toMatchObject({
      gateway: { port: gateway.port, agentModel: 'openai-codex/gpt-6.1-sol' },
      profiles: [{ id: 'openai-codex:codex-cli' }],
      providers: [
        { provider: 'openai-codex', displayName: 'OpenAI Codex', shortName: 'Codex', status: 'ok', usage: null },
      ],
    });
    expect(JSON.stringify(hello)).not.toContain(TOKEN);
  });

  it('closes a socket that never authenticates', async () => {
    const gateway = await start({ authTimeoutMs: 200 });
    const c = await client(gateway);
    expect((await c.closed).code).toBe(1008);
  });

  it('never logs the token', async () => {
    const lines = captureLogs();
    const gateway = await start();
    const c = await client(gateway);
    await c.request('connect', { auth: { token: `${TOKEN}-almost` } });
    await authed(gateway);
    expect(lines.some((l) => l.includes('wrong gateway token'))).toBe(true);
    expect(lines.join('\n')).not.toContain(TOKEN);
  });
});

describe('binding', () => {
  it('listens on 127.0.0.1 only', async () => {
    const gateway = await start();
    expect(gateway.host).toBe('127.0.0.1');
    const external = Object.values(os.networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal && i.family === 'IPv4')
      .map((i) => i!.address);
    for (const address of ['::1', ...external]) {
      const socket = net.connect({ host: address, port: gateway.port });
      const [error] = (await once(socket, 'error').catch((e: unknown) => [e])) as [NodeJS.ErrnoException];
      socket.destroy();
      expect(['ECONNREFUSED', 'EADDRNOTAVAIL', 'ENETUNREACH']).toContain(error.code);
    }
    const loopback = net.connect({ host: '127.0.0.1', port: gateway.port });
    await once(loopback, 'connect');
    loopback.destroy();
  });

  it('rejects with PortInUseError when the port is taken, leaving nothing running', async () => {
    const blocker = net.createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    onTestFinished(() => void blocker.close());
    const port = (blocker.address() as net.AddressInfo).port;
    const error = await start({ port }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortInUseError);
    expect((error as Error).message).toBe(
      `port ${port} is already in use — is another clawbar gateway running? (clawbar dashboard)`,
    );
  });
});

describe('frames', () => {
  it('answers 1 000 malformed frames with INVALID_REQUEST, keeps the socket open and serves others meanwhile', async () => {
    const gateway = await start();
    const bad = await authed(gateway);
    const good = await authed(gateway);
    const malformed: (string | Buffer)[] = [
      'not json',
      '{"type":"req"',
      '[]',
      '42',
      'null',
      '{"type":"req","id":"x"}',
      '{"type":"res","id":"x","method":"health"}',
      '{"type":"req","id":"","method":"health"}',
      '{"type":"req","id":"x","method":"health","params":[1]}',
      Buffer.from([1, 2, 3]),
    ];
    for (let i = 0; i < 1000; i++) bad.ws.send(malformed[i % malformed.length]!);
    const healthWhileFlooded = await good.request('health');
    expect(healthWhileFlooded).toMatchObject({ ok: true, payload: { ok: true, version: '9.9.9' } });
    await bad.waitFor(() => bad.frames.length >= 1001); // the connect answer + 1 000 errors
    const errors = bad.frames.slice(1);
    expect(errors).toHaveLength(1000);
    expect(errors.every((f) => f.type === 'res' && f.ok === false && f.error?.code === 'INVALID_REQUEST')).toBe(true);
    expect(bad.ws.readyState).toBe(1);
    expect((await bad.request('health')).ok).toBe(true);
    expect(gateway.clientCount()).toBe(2);
  });

  it('answers an unknown method with NOT_FOUND and bad params with INVALID_REQUEST naming the field', async () => {
    const gateway = await start();
    const c = await authed(gateway);
    expect(await c.request('no.such.method')).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const bad = await c.request('auth.login.start', { profileId: 7 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(bad.error?.message).toContain('params.profileId');
    expect(c.ws.readyState).toBe(1);
  });

  it('closes a client that sends a frame over 1 MiB (1009) and keeps serving others', async () => {
    const gateway = await start();
    const big = await authed(gateway);
    const other = await authed(gateway);
    big.ws.send(`"${'x'.repeat(1024 * 1024 + 10)}"`);
    expect((await big.closed).code).toBe(1009);
    expect((await other.request('health')).ok).toBe(true);
  });
});

describe('methods', () => {
  it('answers UNAVAILABLE for methods whose part is not running', async () => {
    const gateway = await start();
    const c = await authed(gateway);
    for (const [method, params] of [
      ['auth.list', undefined],
      ['auth.login.start', { profileId: 'openai-codex:codex-cli' }],
      ['usage.refresh', {}],
      ['models.list', {}],
      ['channels.status', undefined],
      ['chat.send', { sessionKey: 'dashboard', message: 'hi' }],
      ['config.get', undefined],
    ] as const) {
      const res = await c.request(method, params);
      expect(res, method).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
      expect(res.error?.message).toMatch(/not running in this gateway/);
    }
    // status and health work without any part.
    expect(await c.request('status')).toMatchObject({ ok: true, payload: { profiles: [], providers: [] } });
  });

  it('passes method calls to the services and their error codes back', async () => {
    const started: string[] = [];
    const services: GatewayServices = {
      auth: { profiles: () => [profile('openai-codex:codex-cli', 'expiring')], reload: async () => [] },
      logins: {
        start: (profileId) => {
          if (profileId === 'nope:nope') throw new MethodError('INVALID_REQUEST', 'no login can fix nope:nope');
          started.push(profileId);
          return { loginId: 'login-1' };
        },
        cancel: (loginId) => {
          if (loginId !== 'login-1') throw new MethodError('NOT_FOUND', `no login ${loginId}`);
          return true;
        },
        list: () => [],
      },
      agent: {
        models: () => {
          throw new Error(`catalog broke near Bearer ${TOKEN}`);
        },
        send: () => ({ runId: 'run-1' }),
      },
    };
    const gateway = await start({ services });
    const c = await authed(gateway);
    expect(await c.request('auth.login.start', { profileId: 'openai-codex:codex-cli' })).toMatchObject({
      ok: true,
      payload: { loginId: 'login-1' },
    });
    expect(started).toEqual(['openai-codex:codex-cli']);
    expect(await c.request('auth.login.start', { profileId: 'nope:nope' })).toMatchObject({
      error: { code: 'INVALID_REQUEST', message: 'no login can fix nope:nope' },
    });
    expect(await c.request('auth.login.cancel', { loginId: 'login-9' })).toMatchObject({
      error: { code: 'NOT_FOUND', message: 'no login login-9' },
    });
    expect(await c.request('chat.send', { sessionKey: 's', message: 'hello' })).toMatchObject({
      payload: { runId: 'run-1' },
    });
    const internal = await c.request('models.list');
    expect(internal).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(c.texts.join('\n')).not.toContain(TOKEN);
  });
});

describe('events', () => {
  it('fans one broadcast out to 200 concurrent clients, each with its own seq', async () => {
    const gateway = await start();
    const many = await Promise.all(Array.from({ length: 200 }, () => authed(gateway)));
    expect(gateway.clientCount()).toBe(200);
    const profiles = [profile('openai-codex:codex-cli', 'expired')];
    gateway.broadcast('auth.changed', { profiles });
    gateway.broadcast('tick', { ts: 1 });
    const received = await Promise.all(many.map((c) => c.waitFor((f) => f.event === 'tick')));
    expect(received).toHaveLength(200);
    for (const c of many) {
      const events = c.frames.filter((f) => f.type === 'event');
      expect(events.map((f) => [f.event, f.seq])).toEqual([
        ['auth.changed', 1],
        ['tick', 2],
      ]);
      expect(events[0]!.payload).toEqual({ profiles });
    }
  });

  it('sends no events to a socket that has not authenticated', async () => {
    const gateway = await start();
    const stranger = await client(gateway);
    const member = await authed(gateway);
    gateway.broadcast('tick', { ts: 5 });
    await member.waitFor((f) => f.event === 'tick');
    expect((await stranger.request('connect', { auth: { token: TOKEN } })).ok).toBe(true);
    gateway.broadcast('tick', { ts: 6 });
    const tick = await stranger.waitFor((f) => f.event === 'tick');
    expect(tick).toMatchObject({ payload: { ts: 6 }, seq: 1 });
  });

  it('sends tick {ts} on its period', async () => {
    const gateway = await start({ tickMs: 50, now: () => 1234 });
    const c = await authed(gateway);
    expect(await c.waitFor((f) => f.event === 'tick')).toMatchObject({ payload: { ts: 1234 }, seq: 1 });
  });

  it('drops a client that stops reading instead of buffering without bound', async () => {
    const lines = captureLogs();
    const gateway = await start({ maxBufferedBytes: 1024 * 1024 });
    const reader = await authed(gateway);
    const stalled = await authed(gateway);
    // Stop reading at the TCP level: the kernel buffers fill, then the server's own buffer grows.
    (stalled.ws as unknown as { _socket: net.Socket })._socket.pause();
    const big = { profiles: [{ ...profile('openai-codex:codex-cli', 'ok'), detail: 'x'.repeat(64 * 1024) }] };
    for (let seq = 1; seq <= 3000 && gateway.clientCount() === 2; seq++) {
      gateway.broadcast('auth.changed', big);
      // The healthy reader keeps up (never more than ~5 frames behind), so only the stalled one grows.
      if (seq % 5 === 0) await reader.waitFor((f) => f.seq === seq);
    }
    expect(gateway.clientCount()).toBe(1);
    expect(lines.some((l) => l.includes('dropped slow client'))).toBe(true);
    expect((await reader.request('health')).ok).toBe(true);
  });

  it('closes every client with 1001 on close()', async () => {
    const gateway = await start();
    const a = await authed(gateway);
    const b = await client(gateway);
    await gateway.close();
    expect((await a.closed).code).toBe(1001);
    expect((await b.closed).code).toBe(1001);
  });
});

describe('gateway.bind beyond loopback', () => {
  it("also accepts the machine's own addresses as origins, never a foreign one", async () => {
    const gateway = await start({ host: '0.0.0.0' });
    const lan = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && !i.internal && i.family === 'IPv4');
    if (lan) {
      const c = await testGateways.client(gateway, {
        url: `ws://${lan.address}:${gateway.port}/ws`,
        origin: `http://${lan.address}:${gateway.port}`,
      });
      expect((await c.request('connect', { auth: { token: 'nope' } })).error?.code).toBe('UNAUTHORIZED');
    }
    await expect(client(gateway, 'http://evil.example')).rejects.toMatchObject({ statusCode: 403 });
  });
});
