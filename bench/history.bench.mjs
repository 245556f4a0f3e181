#!/usr/bin/env node
// Usage history: recording 10 000 usage samples and 10 000 agent turns through the real queue and
// flushes (libsql, WAL, on a temp dir). Reports the hot-path cost per record, write throughput,
// the longest single flush, and the event loop's delay while recording (p95/max) against an idle
// baseline: what a gateway on the same loop would feel. Prints one JSON object.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';

import { loadTs } from './load-ts.mjs';
import { round } from './stats.mjs';

const { createHistory } = await loadTs(['src-main/core/usage/history/history.ts']);
const N = 10_000;
const dir = mkdtempSync(path.join(os.tmpdir(), 'clawbar-history-bench-'));
const file = path.join(dir, 'history.db');
const tick = () => new Promise((resolve) => setImmediate(resolve));

async function loopDelay(work) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  await work();
  h.disable();
  return { p95: round(h.percentile(95) / 1e6, 2), max: round(h.max / 1e6, 2) };
}

// Baseline: the same loop shape, nothing recorded.
const idle = await loopDelay(async () => {
  for (let i = 0; i < 200; i++) await new Promise((resolve) => setTimeout(resolve, 1));
});

const history = createHistory({ path: file, compactDaily: false });
const t0 = Date.now();
let hotNs = 0n;
let flushes = 0;
let longestFlushMs = 0;
const realFlush = history.flush;
const recording = await loopDelay(async () => {
  const started = performance.now();
  for (let i = 0; i < N; i++) {
    const at = t0 + i * 1000;
    const a = process.hrtime.bigint();
    history.recordSample({
      provider: 'openai-codex',
      account: '',
      window: i % 2 ? '5h' : 'Week',
      windowSeconds: i % 2 ? 18000 : 604800,
      usedPercent: (i / 100) % 100,
      resetAt: at + 3_600_000,
      at,
    });
    history.recordTurn({
      at,
      profile: 'openai-codex:codex-cli',
      model: 'gpt-5.2',
      inputTokens: 1200,
      outputTokens: 80,
      cachedTokens: 900,
      latencyMs: 800,
      outcome: 'ok',
    });
    hotNs += process.hrtime.bigint() - a;
    // A gateway records a handful of rows per poll; yield now and then as it would.
    if (i % 100 === 0) {
      const f = performance.now();
      await tick();
      const spent = performance.now() - f;
      if (spent > 0.05) {
        flushes++;
        longestFlushMs = Math.max(longestFlushMs, spent);
      }
    }
  }
  while (history.stats().queued > 0) await tick();
  return performance.now() - started;
});
const totalStart = performance.now();
realFlush();
const samples = history.samples({ provider: 'openai-codex', window: '5h' }, 0).length;
const readMs = performance.now() - totalStart;
history.close();
const bytes = statSync(file).size;

// Throughput of the write path alone: the same 20 000 rows, one flush.
const second = createHistory({ path: path.join(dir, 'h2.db'), compactDaily: false, maxBatch: 1e9 });
for (let i = 0; i < N; i++) {
  second.recordSample({
    provider: 'anthropic',
    window: '5h',
    windowSeconds: 18000,
    usedPercent: i % 100,
    resetAt: null,
    at: t0 + i,
  });
  second.recordTurn({
    at: t0 + i,
    profile: 'anthropic:claude-cli',
    model: 'claude-sonnet-4-5',
    inputTokens: 1,
    outputTokens: 1,
    cachedTokens: 0,
    latencyMs: 1,
    outcome: 'ok',
  });
}
const w = performance.now();
second.flush();
const oneFlushMs = performance.now() - w;
second.close();
rmSync(dir, { recursive: true, force: true });

console.log(
  JSON.stringify({
    records: 2 * N,
    hotPathUsPerRecord: round(Number(hotNs) / 1000 / (2 * N), 2),
    oneTransactionOf20kRowsMs: round(oneFlushMs, 1),
    rowsPerSecond: Math.round((2 * N) / (oneFlushMs / 1000)),
    batchedFlushes: { count: flushes, longestMs: round(longestFlushMs, 2) },
    eventLoopDelayMs: { idle, whileRecording: recording },
    read5hSeries: { samples, ms: round(readMs, 2) },
    databaseBytes: bytes,
  }),
);
