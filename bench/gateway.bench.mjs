#!/usr/bin/env node
// Gateway bench: runs the real `node dist/cli.js gateway` on a free port with a temp home and a
// Codex login, then measures
//   - `health` request→response round trips per second from one client (sequential),
//   - that client's `health` latency alone and while 4 unauthenticated clients abuse the socket
//     (1 MiB deeply nested frames, never a `connect`, reconnecting at once; bench/preauth-abuser.mjs),
//   - auth.json rewrite → `auth.changed` at a client, p50/p95 (target ≤ 250 ms p95, watcher included),
//   - RSS right after start, and CPU over an idle window (target ≤ 1 % of a core).
// The idle window is CLAWBAR_BENCH_IDLE_S seconds (default 60). Prints one JSON object.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import WebSocket from 'ws';

import { fakeJwt, percentile, round } from './stats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = process.env.CLAWBAR_BENCH_CLI ?? path.join(root, 'dist', 'cli.js');
const IDLE_S = Number(process.env.CLAWBAR_BENCH_IDLE_S ?? 60);
const HEALTH_MS = 3000;
const REWRITES = 40;

if (!existsSync(cli)) {
  console.log(JSON.stringify({ error: 'dist/cli.js missing: run `npm run build` (npm run bench does)' }));
  process.exit(1);
}

function codexAuthJson(expiresAtMs) {
  const auth = { chatgpt_account_id: 'acct-bench', chatgpt_plan_type: 'pro', chatgpt_user_id: 'user-bench' };
  const exp = Math.floor(expiresAtMs / 1000);
  return JSON.stringify({
    auth_mode: 'chatgpt',
    OPENAI_API_KEY: null,
    tokens: {
      id_token: fakeJwt({ exp, email: 'bench@example.com', 'https://api.openai.com/auth': auth }),
      access_token: fakeJwt({ exp, 'https://api.openai.com/auth': auth }),
      refresh_token: `rt_bench_${exp}`,
      account_id: 'acct-bench',
    },
    last_refresh: new Date().toISOString(),
  });
}

async function freePort() {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** CPU seconds (user + system) and RSS of a process, from /proc (Linux) or ps. */
function processStats(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime, in USER_HZ (100/s on Linux)
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return { cpuS: ticks / 100, rssMiB: rssKb / 1024 };
  } catch {
    return null;
  }
}

const home = mkdtempSync(path.join(os.tmpdir(), 'clawbar-bench-gw-'));
const codexHome = path.join(home, '.codex');
mkdirSync(codexHome, { recursive: true });
const authFile = path.join(codexHome, 'auth.json');
writeFileSync(authFile, codexAuthJson(Date.now() + 5 * 86_400_000));
const port = await freePort();
const env = {
  PATH: process.env.PATH,
  HOME: home,
  CLAWBAR_HOME: path.join(home, '.clawbar'),
  CODEX_HOME: codexHome,
  CLAUDE_CONFIG_DIR: path.join(home, '.claude'),
  // Usage polls go to a closed loopback port: the bench measures the gateway, not the network.
  CLAWBAR_CHATGPT_BASE_URL: 'http://127.0.0.1:9/backend-api',
  CLAWBAR_ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
  CLAWBAR_GATEWAY_TOKEN: 'bench-token-0123456789abcdefghijklmnopqrstuvwxyz',
  ...(process.env.DBUS_SESSION_BUS_ADDRESS ? { DBUS_SESSION_BUS_ADDRESS: process.env.DBUS_SESSION_BUS_ADDRESS } : {}),
};

const started = Date.now();
const child = spawn(process.execPath, [cli, 'gateway', '--port', String(port)], {
  env,
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
child.stderr.on('data', (d) => (output += d));
await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`gateway did not start: ${output}`)), 20_000);
  child.stdout.on('data', (d) => {
    output += d;
    if (output.includes('listening on')) {
      clearTimeout(timer);
      resolve();
    }
  });
  child.on('exit', (code) => reject(new Error(`gateway exited ${code}: ${output}`)));
});
const startMs = Date.now() - started;
const result = { startToListeningMs: startMs };

try {
  await new Promise((resolve) => setTimeout(resolve, 500)); // let start-up work settle before sampling RSS
  result.rssAfterStartMiB = round(processStats(child.pid)?.rssMiB ?? NaN);

  // One authenticated client speaking the raw protocol.
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
  await once(ws, 'open');
  const waiting = new Map();
  const eventListeners = new Set();
  ws.on('message', (data) => {
    const frame = JSON.parse(data.toString());
    if (frame.type === 'res') waiting.get(frame.id)?.(frame);
    else for (const listener of eventListeners) listener(frame);
  });
  let nextId = 0;
  const request = (method, params) =>
    new Promise((resolve) => {
      const id = String(++nextId);
      waiting.set(id, (frame) => {
        waiting.delete(id);
        resolve(frame);
      });
      ws.send(JSON.stringify({ type: 'req', id, method, ...(params ? { params } : {}) }));
    });
  const hello = await request('connect', { auth: { token: env.CLAWBAR_GATEWAY_TOKEN } });
  if (!hello.ok) throw new Error(`connect failed: ${JSON.stringify(hello.error)}`);

  // 1. health round trips, one at a time.
  let count = 0;
  const healthStart = performance.now();
  while (performance.now() - healthStart < HEALTH_MS) {
    await request('health');
    count++;
  }
  result.healthRoundTripsPerSec = Math.round(count / ((performance.now() - healthStart) / 1000));

  // 1b. one good client's health latency, alone and under unauthenticated abuse.
  const healthLatencies = async (ms) => {
    const samples = [];
    const start = performance.now();
    while (performance.now() - start < ms) {
      const t0 = performance.now();
      await request('health');
      samples.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return samples;
  };
  const summary = (samples) => ({
    n: samples.length,
    p50: round(percentile(samples, 50), 2),
    p95: round(percentile(samples, 95), 2),
    max: round(Math.max(...samples), 2),
  });
  const alone = await healthLatencies(HEALTH_MS);
  const abuser = spawn(
    process.execPath,
    [path.join(root, 'bench', 'preauth-abuser.mjs'), `ws://127.0.0.1:${port}/ws`, '4'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let abuserOut = '';
  abuser.stdout.on('data', (d) => (abuserOut += d));
  await new Promise((resolve) => setTimeout(resolve, 500)); // let the abuse get going
  const abused = await healthLatencies(HEALTH_MS);
  abuser.stdin.end();
  await once(abuser, 'exit');
  result.healthLatencyMs = {
    alone: summary(alone),
    underPreAuthAbuse: { ...summary(abused), abusers: 4, ...JSON.parse(abuserOut.trim() || '{}') },
  };

  // 2. auth.json rewrite → auth.changed, written the way Codex writes it (truncate + write).
  const latencies = [];
  for (let i = 0; i < REWRITES; i++) {
    const expiresAt = Date.now() + (6 + i) * 86_400_000;
    const expectIso = new Date(Math.floor(expiresAt / 1000) * 1000).toISOString();
    const seen = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no auth.changed for rewrite ${i}`)), 5000);
      const listener = (frame) => {
        const codex =
          frame.event === 'auth.changed' && frame.payload.profiles.find((p) => p.id === 'openai-codex:codex-cli');
        if (codex && codex.expiresAt === expectIso) {
          clearTimeout(timer);
          eventListeners.delete(listener);
          resolve(performance.now());
        }
      };
      eventListeners.add(listener);
    });
    const t0 = performance.now();
    writeFileSync(authFile, codexAuthJson(expiresAt));
    latencies.push((await seen) - t0);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  result.authChangedMs = {
    n: latencies.length,
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    max: round(Math.max(...latencies)),
    targetP95: 250,
  };
  ws.close();

  // 3. idle: no client, nothing changing.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const before = processStats(child.pid);
  const idleStart = performance.now();
  await new Promise((resolve) => setTimeout(resolve, IDLE_S * 1000));
  const after = processStats(child.pid);
  const wallS = (performance.now() - idleStart) / 1000;
  result.idle = {
    windowS: IDLE_S,
    cpuPercentOfOneCore: before && after ? round(((after.cpuS - before.cpuS) / wallS) * 100, 2) : null,
    rssMiB: after ? round(after.rssMiB) : null,
    targetCpuPercent: 1,
  };

  // 4. shutdown on SIGTERM.
  const stopStart = performance.now();
  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  result.sigtermExit = { code, ms: Math.round(performance.now() - stopStart) };
} finally {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(home, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
