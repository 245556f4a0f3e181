import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { makeTempHome, type TempHome } from '../../../test/fixtures/temp-home.js';
import { GatewayClient, type NotifyEvent, type WebSocketLike } from '../../protocol.js';
import { startGatewayRuntime, type GatewayRuntime } from '../gateway/runtime.js';

describe('the notifier inside the gateway runtime', () => {
  let home: TempHome | undefined;
  let runtime: GatewayRuntime | undefined;
  let client: GatewayClient | undefined;
  afterEach(async () => {
    client?.close();
    await runtime?.close();
    home?.cleanup();
  });

  it('turns a usage change the parts broadcast into one `notify` event for clients', async () => {
    home = makeTempHome();
    runtime = await startGatewayRuntime({
      env: home.env,
      port: 0,
      dashboardDir: null,
    });
    client = new GatewayClient({
      url: runtime.gateway.wsUrl,
      token: runtime.token,
      createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    });
    await client.connect();
    const received: NotifyEvent[] = [];
    const first = new Promise<void>((resolve) =>
      client!.on('notify', (event) => {
        received.push(event);
        resolve();
      }),
    );
    const usage = {
      windows: [{ label: '5h', windowSeconds: 18000, usedPercent: 96, leftPercent: 4, resetAt: null }],
      fetchedAt: null,
      stale: false,
      error: null,
    };
    runtime.gateway.broadcast('usage.changed', { providers: [{ provider: 'openai-codex', status: 'ok', usage }] });
    runtime.gateway.broadcast('usage.changed', { providers: [{ provider: 'openai-codex', status: 'ok', usage }] });
    await first;
    await client.request('health'); // a round trip: any second notify would have arrived by now
    expect(received.map((e) => e.title)).toEqual(['Codex 5h window 95% used']);
  });
});
