// The shared gateway client (src-shared/gateway-session.ts) against a real gateway runtime and
// against a loopback WebSocket server speaking the gateway's frames: backoff while nothing
// listens, reconnect after a restart, a refused token, a gap in the event sequence, and events
// that arrive in the same read as the `connect` answer.
import { randomBytes } from 'node:crypto';
import http from 'node:http';

import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';

import { startRuntime, type Runtime } from '../../src-main/core/runtime/start.js';
import { GatewaySession } from '../../src-shared/gateway-session.js';
import { freePort } from '../fixtures/free-port.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';
import { profileView, snapshot } from '../fixtures/views.js';

import type { WebSocketLike } from '../../src-shared/gateway-client.js';
import type { GatewayState } from '../../src-shared/gateway-state.js';
import type { AddressInfo } from 'node:net';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function waitFor(predicate: () => boolean, what: () => string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function session(url: string, token: string, extra: { onUnauthorized?: () => void } = {}): GatewaySession {
  const s = new GatewaySession({
    resolveConnection: async () => ({ url, token }),
    createSocket: (target) => new WebSocket(target) as unknown as WebSocketLike,
    clientName: 'session-test',
    backoff: { initialMs: 40, maxMs: 160, jitter: 0 },
    ...extra,
  });
  cleanups.push(() => s.stop());
  return s;
}

describe('GatewaySession against a real gateway', () => {
  let home: TempHome;
  const token = randomBytes(32).toString('base64url');

  async function startGateway(port: number): Promise<Runtime> {
    const runtime = await startRuntime({
      env: { ...home.env, CLAWBAR_GATEWAY_TOKEN: token },
      port,
      dashboardDir: null,
      openUrl: () => undefined,
    });
    cleanups.push(() => runtime.close());
    return runtime;
  }

  it('backs off while nothing listens, connects when the gateway starts, and reconnects after a restart', async () => {
    home = makeTempHome();
    cleanups.push(() => home.cleanup());
    const port = await freePort();
    const s = session(`ws://127.0.0.1:${port}/ws`, token);
    // Each failed attempt schedules the next: [attempt, ms until it goes] as the state says it.
    const waits: [number, number][] = [];
    s.subscribe(() => {
      const { phase, attempt, retryAt } = s.getState().connection;
      if (phase === 'disconnected' && retryAt !== null && waits.at(-1)?.[0] !== attempt) {
        waits.push([attempt, retryAt - Date.now()]);
      }
    });
    s.start();
    await waitFor(
      () => waits.length >= 4,
      () => `four retries, got ${JSON.stringify(waits)}`,
    );
    const expected = [40, 80, 160, 160];
    waits.slice(0, 4).forEach(([attempt, ms], i) => {
      expect(attempt).toBe(i + 1);
      expect(ms).toBeLessThanOrEqual(expected[i]!);
      expect(ms).toBeGreaterThan(expected[i]! - 30);
    });

    const first = await startGateway(port);
    await waitFor(
      () => s.getState().connection.phase === 'connected',
      () => 'the first connect',
    );
    expect(s.getState()).toMatchObject({ connection: { attempt: 0, error: null }, seq: 0 });
    expect(s.getState().snapshot?.gateway.port).toBe(port);
    const firstStart = s.getState().snapshot!.gateway.startedAt;
    const realProfiles = s.getState().snapshot!.profiles;
    const broadcast = [profileView({ id: 'openai-codex:codex-cli' })];
    expect(realProfiles).not.toEqual(broadcast);

    // Events from the live connection are applied in order, with their seq.
    first.gateway.broadcast('auth.changed', { profiles: broadcast });
    await waitFor(
      () => s.getState().seq === 1,
      () => `seq 1, at ${s.getState().seq}`,
    );
    expect(s.getState().snapshot?.profiles.map((p) => p.id)).toEqual(['openai-codex:codex-cli']);

    await first.close();
    await waitFor(
      () => s.getState().connection.phase === 'disconnected',
      () => 'the disconnect',
    );
    expect(s.getState().snapshot).not.toBeNull(); // the last known state stays on screen
    await startGateway(port);
    await waitFor(
      () => s.getState().connection.phase === 'connected',
      () => 'the reconnect',
    );
    const after: GatewayState = s.getState();
    expect(after.seq).toBe(0);
    expect(after.snapshot?.gateway.startedAt).not.toBe(firstStart);
    // The new snapshot replaces what the old connection's events had said.
    expect(after.snapshot?.profiles).toEqual(realProfiles);
  });

  it('stops retrying when the gateway refuses the token', async () => {
    home = makeTempHome();
    cleanups.push(() => home.cleanup());
    const runtime = await startGateway(0);
    let refused = 0;
    const s = session(`ws://127.0.0.1:${runtime.gateway.port}/ws`, 'x'.repeat(43), {
      onUnauthorized: () => refused++,
    });
    const phases: string[] = [];
    s.subscribe(() => phases.push(s.getState().connection.phase));
    s.start();
    await waitFor(
      () => s.getState().connection.phase === 'unauthorized',
      () => 'the refusal',
    );
    // Three backoff periods later nothing has been tried again.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(phases.filter((p) => p === 'connecting')).toHaveLength(1);
    expect(refused).toBe(1);
    expect(s.getState().connection).toMatchObject({ phase: 'unauthorized', retryAt: null });
  });
});

describe('GatewaySession against a loopback stand-in', () => {
  /** A WebSocket server that answers `connect` and `status`, and lets the test send frames. */
  async function standIn(onConnect: (send: (frames: object[]) => void) => void) {
    const server = http.createServer();
    const wss = new WebSocketServer({ server, path: '/ws' });
    const requests: string[] = [];
    let statusAnswer = snapshot();
    wss.on('connection', (socket, request) => {
      // Frames sent together go out in one write, so the client reads them in one chunk.
      const send = (frames: object[]) => {
        request.socket.cork();
        for (const frame of frames) socket.send(JSON.stringify(frame));
        process.nextTick(() => request.socket.uncork());
      };
      socket.on('message', (data) => {
        const frame = JSON.parse(String(data)) as { id: string; method: string };
        requests.push(frame.method);
        if (frame.method === 'connect') {
          const hello = { protocol: 1, server: { name: 'clawbar', version: '0', pid: 1 }, methods: [], events: [] };
          onConnect((after) =>
            send([{ type: 'res', id: frame.id, ok: true, payload: { ...hello, snapshot: snapshot() } }, ...after]),
          );
        } else if (frame.method === 'status') {
          send([{ type: 'res', id: frame.id, ok: true, payload: statusAnswer }]);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => {
      for (const client of wss.clients) client.terminate();
      return new Promise((resolve) => server.close(resolve));
    });
    return {
      url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`,
      requests,
      answerStatusWith: (next: ReturnType<typeof snapshot>) => (statusAnswer = next),
    };
  }

  const authChanged = (seq: number, status: 'ok' | 'expired') => ({
    type: 'event',
    event: 'auth.changed',
    seq,
    payload: { profiles: [profileView({ id: 'openai-codex:codex-cli', status })] },
  });

  it('answers a gap in the event sequence with one fresh status', async () => {
    let sendNow: (frames: object[]) => void = () => undefined;
    const server = await standIn((send) => {
      send([]);
      sendNow = send;
    });
    const s = session(server.url, 't');
    s.start();
    await waitFor(
      () => s.getState().connection.phase === 'connected',
      () => 'the connect',
    );
    server.answerStatusWith(snapshot({ profiles: [profileView({ id: 'anthropic:claude-cli' })] }));
    // seq 2 never arrives.
    sendNow([authChanged(1, 'ok'), authChanged(3, 'expired')]);
    await waitFor(
      () => s.getState().snapshot?.profiles[0]?.id === 'anthropic:claude-cli',
      () => `the resync, requests ${server.requests.join()}`,
    );
    expect(server.requests).toEqual(['connect', 'status']);
    expect(s.getState()).toMatchObject({ seq: 3, resyncNeeded: false });
  });

  it('applies events that arrive in the same read as the connect answer', async () => {
    const server = await standIn((send) => send([authChanged(1, 'expired')]));
    const notified: string[] = [];
    const s = session(server.url, 't');
    s.on('auth.changed', ({ profiles }) => notified.push(profiles[0]!.status));
    s.start();
    await waitFor(
      () => s.getState().seq === 1,
      () => `seq 1, at ${s.getState().seq}`,
    );
    expect(s.getState().snapshot?.profiles.map((p) => p.status)).toEqual(['expired']);
    expect(notified).toEqual(['expired']);
    expect(server.requests).toEqual(['connect']);
  });
});
