// Hooks inside the whole gateway runtime: config.json names them, the notifier's decisions and the
// auth changes fire them, a failure reaches the `status` snapshot, and config.set cannot add one.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { startRuntime, type Runtime } from '../../src-main/core/runtime/start.js';
import { GatewayClient, type WebSocketLike } from '../../src-shared/gateway-client.js';
import { waitFor } from '../fixtures/reauth-helpers.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';

import type { HookFailureView, Snapshot } from '../../src-shared/protocol/index.js';

describe('hooks inside the gateway runtime', () => {
  let home: TempHome | undefined;
  let runtime: Runtime | undefined;
  let client: GatewayClient | undefined;
  afterEach(async () => {
    client?.close();
    await runtime?.close();
    home?.cleanup();
  });

  it('runs the usage.low hook once per crossing with the event on stdin, records a failing one, refuses config.set', async () => {
    home = makeTempHome();
    const out = path.join(home.root, 'hook-runs.jsonl');
    const script = path.join(home.root, 'hook.cjs');
    writeFileSync(
      script,
      `let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', () => {
  require('fs').appendFileSync(${JSON.stringify(out)}, JSON.stringify({ stdin: JSON.parse(input), token: process.env.CLAWBAR_GATEWAY_TOKEN ?? null, event: process.env.CLAWBAR_EVENT }) + '\\n');
  if (process.argv[2] === 'fail') { console.error('pager unreachable'); process.exit(2); }
});
`,
    );
    await mkdir(home.clawbarHome, { recursive: true, mode: 0o700 });
    writeFileSync(
      path.join(home.clawbarHome, 'config.json'),
      JSON.stringify({
        hooks: {
          'usage.low': [
            { command: process.execPath, args: [script] },
            { command: process.execPath, args: [script, 'fail'] },
          ],
        },
      }),
      { mode: 0o600 },
    );
    runtime = await startRuntime({
      env: { ...home.env, CLAWBAR_GATEWAY_TOKEN: 'a-gateway-token-the-hook-must-not-see' },
      port: 0,
      dashboardDir: null,
    });
    client = new GatewayClient({
      url: runtime.gateway.wsUrl,
      token: runtime.token,
      createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    });
    const pushed: HookFailureView[][] = [];
    client.on('hooks.failed', ({ failures }) => pushed.push(failures));
    await client.connect();
    const usage = {
      windows: [{ label: '5h', windowSeconds: 18000, usedPercent: 96, leftPercent: 4, resetAt: null }],
      fetchedAt: null,
      stale: false,
      error: null,
    };
    const provider = { provider: 'openai-codex', displayName: 'OpenAI Codex', shortName: 'Codex', status: 'ok' };
    runtime.gateway.broadcast('usage.changed', { providers: [{ ...provider, status: 'ok', usage }] });
    runtime.gateway.broadcast('usage.changed', { providers: [{ ...provider, status: 'ok', usage }] });

    // Complete lines only: a hook may have created the file and not yet written its line.
    const runs = () =>
      existsSync(out)
        ? readFileSync(out, 'utf8')
            .split('\n')
            .slice(0, -1)
            .map((line) => JSON.parse(line) as { stdin: Record<string, unknown>; token: string | null; event: string })
        : [];
    // One crossing, one notification (the second reading repeats it), so each hook runs once.
    const status = async () => (await client!.request('status')) as Snapshot;
    expect(await waitFor(() => runs().length >= 2)).toBe(true);
    expect(runs().map((run) => run.event)).toEqual(['usage.low', 'usage.low']);
    expect(runs()[0]).toEqual({
      stdin: {
        event: 'usage.low',
        at: expect.any(String),
        provider: 'openai-codex',
        account: null,
        window: '5h',
        limit: null,
        limitName: null,
        title: 'Codex 5h window 95% used',
        body: 'Codex: 5h 4% left.',
      },
      token: null,
      event: 'usage.low',
    });
    expect(await waitFor(() => (runtime!.services.hooks?.failures().length ?? 0) > 0)).toBe(true);
    expect((await status()).hookFailures).toEqual([
      {
        event: 'usage.low',
        command: process.execPath,
        at: expect.any(String),
        error: 'exited with code 2: pager unreachable',
      },
    ]);
    // An open dashboard hears of it as it happens (issue 18), the same list the snapshot holds.
    expect(await waitFor(() => pushed.length > 0)).toBe(true);
    expect(pushed[0]).toEqual([
      expect.objectContaining({ event: 'usage.low', error: 'exited with code 2: pager unreachable' }),
    ]);

    // Hooks are programs: the gateway token is not enough to add one.
    await expect(
      client.request('config.set', { hooks: { 'usage.low': [{ command: '/bin/sh' }] } } as never),
    ).rejects.toThrow(/cannot be changed over the gateway/);
  });
});
