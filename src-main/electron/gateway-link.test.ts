import http from 'node:http';

import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';

import { checkGateway } from '../../src-shared/gateway-proof.js';
import { initialGatewayState, type GatewayState } from '../../src-shared/gateway-state.js';
import { makeTempHome, type TempHome } from '../../test/fixtures/temp-home.js';
import { nodeProofHost } from '../core/gateway/health-probe.js';

import { connectGatewayFeed, toFeedState, type FeedState, type GatewayFeed } from './gateway-feed.js';
import { startOrAttachGateway, type GatewayLink } from './gateway-link.js';

import type { ProfileView } from '../../src-shared/protocol/index.js';
import type { AddressInfo } from 'node:net';

async function waitFor(predicate: () => boolean, what: string | (() => string), timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('startOrAttachGateway', () => {
  let home: TempHome;
  const links: GatewayLink[] = [];
  const feeds: GatewayFeed[] = [];
  const servers: http.Server[] = [];
  afterEach(async () => {
    for (const feed of feeds.splice(0)) feed.close();
    for (const link of links.splice(0).reverse()) await link.close();
    for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
    home.cleanup();
  });

  const openUrl = () => undefined;

  it('starts the gateway in-process, then a second app attaches to it with the same token', async () => {
    home = makeTempHome();
    const first = await startOrAttachGateway({ env: home.env, openUrl, port: 0 });
    links.push(first);
    expect(first.mode).toBe('in-process');
    expect(first.url).toBe(`ws://127.0.0.1:${first.port}/ws`);
    expect(first.origins).toEqual([`http://127.0.0.1:${first.port}`]);
    expect(await checkGateway(first.httpUrl, first.token, nodeProofHost)).toMatchObject({ state: 'verified' });

    const second = await startOrAttachGateway({ env: home.env, openUrl, port: first.port });
    links.push(second);
    expect(second).toMatchObject({ mode: 'attached', port: first.port, token: first.token });
    const opened: string[] = [];
    await second.openDashboard(async (url) => void opened.push(url));
    expect(opened).toEqual([`http://127.0.0.1:${first.port}/#token=${encodeURIComponent(first.token)}`]);
  });

  it('refuses a port held by something that is not clawbar', async () => {
    home = makeTempHome();
    const server = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<h1>hi'));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await expect(startOrAttachGateway({ env: home.env, openUrl, port })).rejects.toThrow(
      `127.0.0.1:${port} is taken by something that is not a clawbar gateway; set gateway.port in config.json`,
    );
  });

  it('refuses to attach to a program that answers like clawbar but cannot prove it holds the token', async () => {
    home = makeTempHome();
    const server = http.createServer((_req, res) =>
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true,"version":"0.1.0"}'),
    );
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await expect(startOrAttachGateway({ env: home.env, openUrl, port })).rejects.toThrow(
      `the program on 127.0.0.1:${port} cannot prove it is your clawbar gateway: not sending it the token (another program may hold the port)`,
    );
  });

  it('never reconnects the tray feed to a program that took the port after the gateway stopped', async () => {
    home = makeTempHome();
    const link = await startOrAttachGateway({ env: home.env, openUrl, port: 0 });
    const feed = connectGatewayFeed({ url: link.url, token: link.token });
    feeds.push(feed);
    await waitFor(() => feed.state().connection === 'connected', 'the first snapshot');
    await link.close();
    await waitFor(() => feed.state().connection === 'disconnected', 'the disconnect');

    // An impostor on the same port: a /health that looks like clawbar and a WebSocket that records frames.
    let healthAsked = 0;
    const frames: string[] = [];
    const impostor = http.createServer((_req, res) => {
      healthAsked++;
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true,"version":"0.1.0"}');
    });
    const wss = new WebSocketServer({ server: impostor });
    wss.on('connection', (ws) => ws.on('message', (data) => frames.push(data.toString())));
    servers.push(impostor);
    await new Promise<void>((resolve) => impostor.listen(link.port, '127.0.0.1', resolve));
    await waitFor(() => healthAsked >= 2, 'two reconnect attempts');
    expect(frames).toEqual([]);
    expect(wss.clients.size).toBe(0);
    expect(feed.state().connection).toBe('disconnected');
    // Nor does Open Dashboard hand it the URL with the token.
    const opened: string[] = [];
    await expect(link.openDashboard(async (url) => void opened.push(url))).rejects.toThrow(/cannot prove/);
    expect(opened).toEqual([]);
  });

  it('feeds the tray from the snapshot and events, and reconnects after the gateway restarts', async () => {
    home = makeTempHome();
    const link = await startOrAttachGateway({ env: home.env, openUrl, port: 0 });
    links.push(link);
    const feed = connectGatewayFeed({ url: link.url, token: link.token });
    feeds.push(feed);
    const states: FeedState[] = [];
    feed.onChange((s) => states.push(s));
    await waitFor(() => feed.state().connection === 'connected', 'the first snapshot');

    // Events are what the gateway broadcasts; the feed takes them as they are.
    const profile: ProfileView = {
      id: 'openai-codex:codex-cli',
      provider: 'openai-codex',
      type: 'oauth',
      source: 'codex-cli',
      status: 'expiring',
      // 90 min and a half: the notifier's countdown reads "1h 30m" however slow the machine is.
      expiresAt: new Date(Date.now() + 90.5 * 60_000).toISOString(),
      remainingMs: 3_600_000,
      refreshable: true,
      relogin: false,
      detail: null,
    };
    const notified: string[] = [];
    feed.onNotify((event) => notified.push(event.title));
    const gateway = link.runtime!.gateway;
    gateway.broadcast('auth.changed', { profiles: [profile] });
    gateway.broadcast('notify', { id: 'n1', level: 'info', title: 'hello', body: 'b' });
    await waitFor(
      () => feed.state().profiles[0]?.status === 'expiring' && notified.length === 2,
      () => `the events: ${JSON.stringify(feed.state().profiles)} ${notified.join()}`,
    );
    // The runtime's notifier saw the same auth.changed and warned about it, once.
    expect(notified.sort()).toEqual(['Codex login expires in 1h 30m', 'hello']);

    // usage.changed may name only the providers that changed: the others stay in the tray.
    const usage = (stale: boolean) => ({ windows: [], fetchedAt: null, stale, error: null });
    gateway.broadcast('usage.changed', {
      providers: [
        {
          provider: 'openai-codex',
          displayName: 'OpenAI Codex',
          shortName: 'Codex',
          status: 'expiring',
          usage: usage(false),
        },
        { provider: 'anthropic', displayName: 'Anthropic', shortName: 'Claude', status: 'ok', usage: usage(false) },
      ],
    });
    gateway.broadcast('usage.changed', {
      providers: [
        { provider: 'anthropic', displayName: 'Anthropic', shortName: 'Claude', status: 'ok', usage: usage(true) },
      ],
    });
    await waitFor(
      () => feed.state().providers.find((p) => p.provider === 'anthropic')?.usage?.stale === true,
      () => `the usage events: ${JSON.stringify(feed.state().providers)}`,
    );
    expect(feed.state().providers.map((p) => [p.provider, p.usage?.stale])).toEqual([
      ['openai-codex', false],
      ['anthropic', true],
    ]);

    await link.close();
    links.splice(links.indexOf(link), 1);
    await waitFor(() => feed.state().connection === 'disconnected', 'the disconnect');
    const again = await startOrAttachGateway({ env: home.env, openUrl, port: link.port });
    links.push(again);
    await waitFor(() => feed.state().connection === 'connected', 'the reconnect');
    expect(states.some((s) => s.connection === 'disconnected')).toBe(true);
  });
});

describe('toFeedState', () => {
  const connection = { attempt: 0, retryAt: null, error: null, connectedAt: null };
  it('says connecting only before the first attempt fails, so retries do not flicker the icon', () => {
    const state = (c: Partial<GatewayState['connection']>): GatewayState => ({
      ...initialGatewayState,
      connection: { ...connection, phase: 'connecting', ...c },
    });
    expect(toFeedState(state({})).connection).toBe('connecting');
    expect(toFeedState(state({ phase: 'disconnected', attempt: 1 })).connection).toBe('disconnected');
    expect(toFeedState(state({ attempt: 1 })).connection).toBe('disconnected');
    expect(toFeedState(state({ connectedAt: 1 })).connection).toBe('disconnected');
    expect(toFeedState(state({ phase: 'connected', connectedAt: 1 })).connection).toBe('connected');
    expect(toFeedState(state({ phase: 'unauthorized' })).connection).toBe('disconnected');
  });
});
