#!/usr/bin/env node
// Usage windows: parse + label + format throughput on the documented bodies, and fetch latency
// against a loopback server speaking wham/usage (keep-alive, as the poller runs), plus how fast a
// 5 MB body is refused. Prints one JSON object.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { build } from 'esbuild';

import { percentile, round } from './stats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundled = await build({
  stdin: {
    contents: [
      "export * from './src-main/core/usage/codex-usage.ts';",
      "export * from './src-main/core/usage/claude-usage.ts';",
      "export * from './src-main/core/usage/usage-text.ts';",
      "export * from './test/fixtures/usage-server.ts';",
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  // zod bundled in, as in the CLI build.
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  write: false,
  logLevel: 'error',
});
const dir = mkdtempSync(path.join(os.tmpdir(), 'clawbar-usage-bench-'));
const file = path.join(dir, 'usage.mjs');
writeFileSync(file, bundled.outputFiles[0].text);
const usage = await import(pathToFileURL(file).href);
rmSync(dir, { recursive: true, force: true });

// 1. Parse, label and format, in process.
const now = Date.parse('2026-11-25T12:00:00Z');
const codexJson = JSON.stringify(usage.codexBody());
const claudeJson = JSON.stringify(usage.claudeBody());
const iterations = 20_000;
let sink = 0;
let started = performance.now();
for (let i = 0; i < iterations; i++) {
  const parsed = usage.codexUsageSchema.parse(JSON.parse(codexJson));
  sink += usage.formatUsageWindows(usage.codexUsageFromBody(parsed, now), now).length;
  const claude = usage.claudeUsageSchema.parse(JSON.parse(claudeJson));
  sink += usage.formatUsageWindows(usage.claudeUsageFromBody(claude, now), now).length;
}
const parseMs = performance.now() - started;

// 2. Fetch latency on loopback.
const server = await usage.startUsageServer();
server.codex = [{ kind: 'json', body: usage.codexBody() }];
const request = () =>
  usage.fetchCodexUsage({ baseUrl: server.chatgptBaseUrl, accessToken: 'bench-token-0000000000', accountId: 'acct' });
for (let i = 0; i < 20; i++) await request();
const latencies = [];
for (let i = 0; i < 300; i++) {
  const t = performance.now();
  await request();
  latencies.push(performance.now() - t);
}
latencies.sort((a, b) => a - b);

// 3. A 5 MB body, refused at the 1 MiB cap.
server.codex = [{ kind: 'stream', bytes: 5 * 1024 * 1024 }];
server.streamedBytes = 0;
started = performance.now();
const refused = await request().then(
  () => 'accepted',
  (error) => error.kind,
);
const capMs = performance.now() - started;
await new Promise((resolve) => setTimeout(resolve, 100));
const streamed = server.streamedBytes;
await server.close();

console.log(
  JSON.stringify({
    parseLabelFormat: {
      bodiesPerSecond: Math.round((2 * iterations) / (parseMs / 1000)),
      usPerBody: round((parseMs * 1000) / (2 * iterations), 2),
      checksum: sink > 0,
    },
    fetchLoopbackMs: { p50: round(percentile(latencies, 50), 3), p95: round(percentile(latencies, 95), 3), n: 300 },
    bigBody: { result: refused, ms: round(capMs, 1), bytesServerManagedToSend: streamed, bodyBytes: 5 * 1024 * 1024 },
  }),
);
