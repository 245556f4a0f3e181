#!/usr/bin/env node
// Does recording the usage history cost the gateway anything? The real runtime (in process, on a
// free port, temp home) answers agent turns from a loopback OpenAI stand-in; each answered turn
// is recorded in the history (queued, flushed in one transaction a second). One client drives
// TURNS turns over WORKERS sessions while another measures `health` round trips; the same run
// with `usage.history.enabled: false` is the baseline. Reports the health p50/p95 of both, turns/s,
// and the turns the history holds afterwards (proof that it recorded). Prints one JSON object.
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';

import { loadTs } from './load-ts.mjs';
import { percentile, round } from './stats.mjs';

const { startRuntime, startFakeLlmServer, gatewayClientFor, makeTempHome } = await loadTs([
  'src-main/core/runtime/start.ts',
  'test/fixtures/fake-llm-server.ts',
  'test/fixtures/gateway-client.ts',
  'test/fixtures/temp-home.ts',
]);

const TURNS = Number(process.env.CLAWBAR_BENCH_TURNS ?? 400);
const WORKERS = 4;
const silent = () => {};
const quiet = { info: silent, warn: silent, error: silent, debug: silent, child: () => quiet };

async function measure(historyEnabled) {
  const home = makeTempHome('clawbar-history-gateway-bench-');
  const llm = await startFakeLlmServer();
  mkdirSync(home.clawbarHome, { recursive: true });
  writeFileSync(
    path.join(home.clawbarHome, 'config.json'),
    JSON.stringify({ agent: { model: 'openai/gpt-5.2' }, usage: { history: { enabled: historyEnabled } } }),
  );
  const runtime = await startRuntime({
    env: { ...home.env, OPENAI_BASE_URL: llm.openaiBaseUrl, OPENAI_API_KEY: 'sk-bench-key' },
    port: 0,
    dashboardDir: null,
    logger: quiet,
  });
  const probe = gatewayClientFor(runtime);
  const driver = gatewayClientFor(runtime);
  await probe.connect();
  await driver.connect();
  const waiting = new Map();
  driver.on('chat', (event) => {
    if (event.state === 'delta') return;
    waiting.get(event.sessionKey)?.();
  });
  const chat = (sessionKey, message) =>
    new Promise((resolve, reject) => {
      waiting.set(sessionKey, resolve);
      driver.request('chat.send', { sessionKey, message }).catch(reject);
    });

  let loading = true;
  const latencies = [];
  const probing = (async () => {
    while (loading) {
      const started = performance.now();
      await probe.request('health');
      latencies.push(performance.now() - started);
    }
  })();
  const started = performance.now();
  let sent = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, w) => {
      while (sent < TURNS) {
        sent++;
        await chat(`bench-${w}`, `turn ${sent}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  loading = false;
  await probing;
  // Past the history's one-second flush, what it holds.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  let recorded = null;
  if (historyEnabled) {
    const turns = await probe.request('usage.turns', { days: 1, bucket: 'day' });
    recorded = turns.series.reduce(
      (n, s) => n + s.ok.reduce((a, b) => a + b, 0) + s.failed.reduce((a, b) => a + b, 0),
      0,
    );
  }
  probe.close();
  driver.close();
  await runtime.close();
  await llm.close();
  home.cleanup();
  return {
    turnsPerSecond: round(TURNS / seconds, 0),
    healthP50Ms: round(percentile(latencies, 50), 2),
    healthP95Ms: round(percentile(latencies, 95), 2),
    healthSamples: latencies.length,
    ...(recorded === null ? {} : { turnsRecorded: recorded }),
  };
}

// Off first, then on, then off again: a drifting machine shows as two different baselines.
const off = await measure(false);
const on = await measure(true);
const offAgain = await measure(false);
console.log(
  JSON.stringify({ turns: TURNS, workers: WORKERS, historyOff: off, historyOn: on, historyOffAgain: offAgain }),
);
