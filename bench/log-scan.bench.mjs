#!/usr/bin/env node
// Cost from local logs: scanning 100 MB of generated Codex rollouts and Claude Code project logs
// (built from the real-format fixtures in test/fixtures/cli-logs) cold, again with nothing new, and
// incrementally after 1 MB more was appended. Reports MB/s and this process's peak RSS. Prints one
// JSON object.
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { loadTs, root } from './load-ts.mjs';
import { round } from './stats.mjs';

const scan = await loadTs([
  'src-main/core/usage/cost/log-scan.ts',
  'src-main/core/usage/cost/memory-store.ts',
  'src-main/core/usage/history/history.ts',
]);
const MB = 1024 * 1024;
const TARGET = 100 * MB;
const fixtures = path.join(root, 'test', 'fixtures', 'cli-logs');
const codexTurn = readFileSync(path.join(fixtures, 'codex-session.jsonl'), 'utf8').split('\n').filter(Boolean);
const claudeLines = readFileSync(path.join(fixtures, 'claude-session.jsonl'), 'utf8').split('\n').filter(Boolean);

const dir = mkdtempSync(path.join(os.tmpdir(), 'clawbar-scan-bench-'));
const codexHome = path.join(dir, '.codex');
const claudeDir = path.join(dir, '.claude');

// 60 % Codex, 40 % Claude, in files of ~1 MB, as a few weeks of heavy use would leave.
let written = 0;
let files = 0;
const today = new Date().toISOString().slice(0, 10);
while (written < TARGET) {
  const codex = files % 5 < 3;
  const body = [];
  let size = 0;
  let total = 0;
  while (size < MB) {
    for (const line of codex ? codexTurn : claudeLines) {
      let out = line.replaceAll('2026-11-29T', `${today}T`);
      if (codex && out.includes('"token_count"'))
        out = out.replace(/"total_tokens":\d+/, `"total_tokens":${(total += 1231)}`);
      if (!codex) out = out.replace(/msg_0(\d)TEST/, `msg_${files}_${size}_$1`);
      body.push(out);
      size += out.length + 1;
    }
  }
  const text = `${body.join('\n')}\n`;
  const file = codex
    ? path.join(codexHome, 'sessions', ...today.split('-'), `rollout-${today}T00-00-00-${files}.jsonl`)
    : path.join(claudeDir, 'projects', `-p${files % 7}`, `${files}.jsonl`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  written += Buffer.byteLength(text);
  files++;
}

const sources = [scan.codexSource(codexHome), scan.claudeSource(claudeDir)];
async function timed(store) {
  const started = performance.now();
  let bytes = 0;
  let read = 0;
  for (const source of sources) {
    const s = await scan.scanLogs(source, { store });
    bytes += s.bytes;
    read += s.read;
  }
  const ms = performance.now() - started;
  return {
    ms: round(ms, 1),
    filesRead: read,
    mb: round(bytes / MB, 1),
    mbPerSecond: round(bytes / MB / (ms / 1000), 1),
  };
}

const history = scan.createHistory({ path: path.join(dir, 'history.db'), compactDaily: false });
const cold = await timed(history.logUsage);
const unchanged = await timed(history.logUsage);
// 1 MB more in one Codex file and one Claude file.
const grow = (file, lines) =>
  appendFileSync(file, `${lines.join('\n')}\n`.repeat(Math.ceil(MB / 2 / lines.join('\n').length)));
grow(
  path.join(codexHome, 'sessions', ...today.split('-'), `rollout-${today}T00-00-00-0.jsonl`),
  codexTurn.map((l) => l.replace(/"total_tokens":\d+/, '"total_tokens":99999999')),
);
grow(path.join(claudeDir, 'projects', '-p3', '3.jsonl'), claudeLines);
const incremental = await timed(history.logUsage);
const buckets = history.logUsage.buckets(0).length;
history.close();
const memoryStore = await timed(scan.createMemoryLogStore());
rmSync(dir, { recursive: true, force: true });

console.log(
  JSON.stringify({
    generated: { mb: round(written / MB, 1), files },
    coldIntoHistoryDb: cold,
    rescanNothingNew: unchanged,
    incrementalAfter1MbAppended: incremental,
    coldIntoMemory: memoryStore,
    buckets,
    peakRssMiB: round(process.resourceUsage().maxRSS / 1024, 1),
  }),
);
