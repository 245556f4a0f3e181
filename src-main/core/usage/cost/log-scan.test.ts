// Incremental scans over real-format logs (test/fixtures/cli-logs: written by Codex 0.169 and
// Claude Code 2.1.197 against loopback stand-ins, long texts trimmed): exact token counts, a
// growing file, a partial last line, truncation and replacement, archive moves and compression,
// hostile entries in the tree, and 100 000 lines.
import { execFileSync } from 'node:child_process';
import {
  appendFileSync,
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { claudeSource, codexSource, scanLogs } from './log-scan.js';
import { createMemoryLogStore } from './memory-store.js';

import type { LogUsageStore, TokenCounts } from './types.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../test/fixtures/cli-logs');
const fixture = (name: string) => readFileSync(path.join(fixtures, name));

let root: string;
let codexHome: string;
let claudeDir: string;
let store: LogUsageStore;

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'clawbar-logs-'));
  codexHome = path.join(root, '.codex');
  claudeDir = path.join(root, '.claude');
  store = createMemoryLogStore();
});
afterEach(() => {
  chmodSync(root, 0o700);
  rmSync(root, { recursive: true, force: true });
});

const DAY_DIR = ['sessions', '2026', '11', '29'];
const SESSION = 'rollout-2026-11-29T18-51-41-01a228a6-0fce-76f0-91f1-8307bcbdd966.jsonl';
const FORK = 'rollout-2026-11-29T18-53-02-01a228a7-4bc9-7c41-b031-2ac564111391.jsonl';

function placeCodex(name: string, content: Buffer | string, dir = DAY_DIR): string {
  const file = path.join(codexHome, ...dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

function totals(source: 'codex' | 'claude', s = store): Record<string, TokenCounts> {
  const byModel: Record<string, TokenCounts> = {};
  for (const b of s.buckets(0)) {
    if (b.source !== source) continue;
    const t = (byModel[b.model] ??= { input: 0, cached: 0, cacheWrite: 0, output: 0, reasoning: 0, requests: 0 });
    for (const k of ['input', 'cached', 'cacheWrite', 'output', 'reasoning', 'requests'] as const) t[k] += b[k];
  }
  return byModel;
}

/** The two responses of the recorded Codex session (the stand-in answered 1200/31 and 2400(1000 cached)/32). */
const CODEX_SESSION = { input: 3600, cached: 1000, cacheWrite: 0, output: 63, reasoning: 20, requests: 2 };

describe('Codex rollouts', () => {
  it('counts each response once, from the format Codex 0.169 writes', async () => {
    placeCodex(SESSION, fixture('codex-session.jsonl'));
    const stats = await scanLogs(codexSource(codexHome), { store });
    expect(stats).toMatchObject({ files: 1, read: 1, resets: 0 });
    expect(totals('codex')).toEqual({ 'gpt-5.2': CODEX_SESSION });
    // Bucketed by the hour of the lines' timestamps.
    expect(store.buckets(0).map((b) => b.hour)).toEqual([Math.floor(Date.parse('2026-11-29T18:51:41Z') / 3_600_000)]);
  });

  it("does not count a fork's inherited totals", async () => {
    placeCodex(SESSION, fixture('codex-session.jsonl'));
    placeCodex(FORK, fixture('codex-fork.jsonl'), ['archived_sessions']);
    await scanLogs(codexSource(codexHome), { store });
    // The fork's first total is 7296 (parent 3663 + its own 3633): only its own response counts.
    expect(totals('codex')['gpt-5.2']).toEqual({
      input: 7200,
      cached: 3000,
      cacheWrite: 0,
      output: 96,
      reasoning: 30,
      requests: 3,
    });
  });

  it('reads older rollouts that have token_count events only, skipping repeats and empty infos', async () => {
    const usage = (input: number, cached: number, output: number) => ({
      input_tokens: input,
      cached_input_tokens: cached,
      output_tokens: output,
      reasoning_output_tokens: 0,
      total_tokens: input + output,
    });
    const line = (ts: string, type: string, payload: unknown) => JSON.stringify({ timestamp: ts, type, payload });
    const tokenCount = (ts: string, total: unknown, last: unknown) =>
      line(ts, 'event_msg', {
        type: 'token_count',
        info: total ? { total_token_usage: total, last_token_usage: last, model_context_window: 272000 } : null,
      });
    const text = [
      line('2025-11-18T21:55:50.000Z', 'session_meta', { id: 'x', cli_version: '0.58.0' }),
      line('2025-11-18T21:55:51.000Z', 'turn_context', { cwd: '/p', model: 'gpt-5-codex' }),
      tokenCount('2025-11-18T21:55:53.000Z', null, null),
      tokenCount('2025-11-18T21:55:56.000Z', usage(5000, 0, 100), usage(5000, 0, 100)),
      // The same totals again (a rate-limit update): not a new response.
      tokenCount('2025-11-18T21:55:57.000Z', usage(5000, 0, 100), usage(5000, 0, 100)),
      line('2025-11-18T22:10:00.000Z', 'turn_context', { cwd: '/p', model: 'gpt-5' }),
      tokenCount('2025-11-18T22:10:05.000Z', usage(11000, 4000, 300), usage(6000, 4000, 200)),
    ].join('\n');
    placeCodex('rollout-2025-11-18T21-55-50-x.jsonl', `${text}\n`, ['sessions', '2025', '11', '18']);
    await scanLogs(codexSource(codexHome), { store });
    expect(totals('codex')).toEqual({
      'gpt-5-codex': { input: 5000, cached: 0, cacheWrite: 0, output: 100, reasoning: 0, requests: 1 },
      'gpt-5': { input: 6000, cached: 4000, cacheWrite: 0, output: 200, reasoning: 0, requests: 1 },
    });
  });

  it('reads only what was appended, and a partial last line once it is complete', async () => {
    const lines = fixture('codex-session.jsonl').toString().split('\n').filter(Boolean);
    // The first response ends at line 13 (its token_count); cut the next line in half.
    const firstPart = `${lines.slice(0, 13).join('\n')}\n`;
    const half = lines[13]!.slice(0, 40);
    const file = placeCodex(SESSION, firstPart + half);
    const first = await scanLogs(codexSource(codexHome), { store });
    expect(first.bytes).toBe(Buffer.byteLength(firstPart));
    expect(totals('codex')['gpt-5.2']).toMatchObject({ input: 1200, requests: 1 });

    // Nothing changed: the file is not even opened.
    expect(await scanLogs(codexSource(codexHome), { store })).toMatchObject({ files: 1, read: 0 });

    appendFileSync(file, `${lines[13]!.slice(40)}\n${lines.slice(14).join('\n')}\n`);
    const second = await scanLogs(codexSource(codexHome), { store });
    expect(second.bytes).toBe(statSync(file).size - Buffer.byteLength(firstPart));
    expect(totals('codex')['gpt-5.2']).toEqual(CODEX_SESSION);
  });

  it('starts over on a file truncated or replaced under the same name', async () => {
    const file = placeCodex(SESSION, fixture('codex-session.jsonl'));
    await scanLogs(codexSource(codexHome), { store });
    const lines = fixture('codex-session.jsonl').toString().split('\n');

    // Truncated to its first response: the second one is gone from the log, so from the count.
    truncateSync(file, Buffer.byteLength(`${lines.slice(0, 13).join('\n')}\n`));
    expect(await scanLogs(codexSource(codexHome), { store })).toMatchObject({ resets: 1 });
    expect(totals('codex')['gpt-5.2']).toMatchObject({ input: 1200, requests: 1 });

    // Replaced by another session's content, longer than what was read: still a new file.
    writeFileSync(file, Buffer.concat([fixture('codex-fork.jsonl'), fixture('codex-fork.jsonl')]));
    expect(await scanLogs(codexSource(codexHome), { store })).toMatchObject({ resets: 1 });
    expect(totals('codex')['gpt-5.2']).toMatchObject({ input: 3600, requests: 1 });
  });

  it('follows a session archived and then compressed without counting it twice', async () => {
    const file = placeCodex(SESSION, fixture('codex-session.jsonl'));
    await scanLogs(codexSource(codexHome), { store });
    mkdirSync(path.join(codexHome, 'archived_sessions'));
    renameSync(file, path.join(codexHome, 'archived_sessions', SESSION));
    await scanLogs(codexSource(codexHome), { store });
    rmSync(path.join(codexHome, 'archived_sessions', SESSION));
    copyFileSync(
      path.join(fixtures, 'codex-session.jsonl.zst'),
      path.join(codexHome, 'archived_sessions', `${SESSION}.zst`),
    );
    const stats = await scanLogs(codexSource(codexHome), { store });
    expect(stats).toMatchObject({ files: 1, resets: 0 });
    expect(totals('codex')['gpt-5.2']).toEqual(CODEX_SESSION);
  });

  it('reads a compressed rollout it has never seen', async () => {
    copyFileSync(path.join(fixtures, 'codex-session.jsonl.zst'), placeCodex(`${SESSION}.zst`, ''));
    await scanLogs(codexSource(codexHome), { store });
    expect(totals('codex')['gpt-5.2']).toEqual(CODEX_SESSION);
  });

  it('ignores symlinks, FIFOs and foreign names in the tree, and never writes a log', async () => {
    const file = placeCodex(SESSION, fixture('codex-session.jsonl'));
    const outside = path.join(root, 'outside.jsonl');
    writeFileSync(outside, fixture('codex-fork.jsonl'));
    symlinkSync(outside, path.join(codexHome, ...DAY_DIR, FORK));
    symlinkSync(root, path.join(codexHome, 'sessions', 'loop'));
    execFileSync('mkfifo', [path.join(codexHome, ...DAY_DIR, 'rollout-2026-11-29T00-00-00-fifo.jsonl')]);
    writeFileSync(path.join(codexHome, ...DAY_DIR, 'notes.jsonl'), fixture('codex-fork.jsonl'));
    // Read-only files in a read-only tree: any write attempt would fail the scan.
    chmodSync(file, 0o444);
    for (const dir of [path.join(codexHome, ...DAY_DIR), path.join(codexHome, 'sessions')]) chmodSync(dir, 0o555);
    const before = statSync(file);

    await scanLogs(codexSource(codexHome), { store });
    expect(totals('codex')).toEqual({ 'gpt-5.2': CODEX_SESSION });
    const after = statSync(file);
    expect([after.mtimeMs, after.size]).toEqual([before.mtimeMs, before.size]);
    for (const dir of [path.join(codexHome, ...DAY_DIR), path.join(codexHome, 'sessions')]) chmodSync(dir, 0o755);
  });

  it('scans 100 000 lines, skipping a line too long to hold', async () => {
    const lines = fixture('codex-session.jsonl').toString().split('\n').filter(Boolean);
    const turn = lines.slice(5, 13); // turn_context … token_count of the first response
    const out: string[] = [lines[0]!];
    let total = 0;
    let responses = 0;
    while (out.length < 100_000) {
      responses++;
      total += 1231;
      for (const line of turn) {
        if (!line.includes('"token_count"') && !line.includes('"token_usage_record"')) {
          out.push(line);
          continue;
        }
        // Each response's cumulative total differs, as in a real session.
        const o = JSON.parse(line) as {
          payload: {
            info?: { total_token_usage: { total_tokens: number } };
            thread_token_usage?: { total_tokens: number };
          };
        };
        (o.payload.info?.total_token_usage ?? o.payload.thread_token_usage)!.total_tokens = total;
        out.push(JSON.stringify(o));
      }
    }
    out.splice(50, 0, `{"type":"response_item","payload":{"text":"${'x'.repeat(17 * 1024 * 1024)}"}}`);
    placeCodex(SESSION, `${out.join('\n')}\n`);
    const stats = await scanLogs(codexSource(codexHome), { store });
    expect(stats.skippedLongLines).toBe(1);
    expect(totals('codex')['gpt-5.2']).toMatchObject({
      requests: responses,
      input: 1200 * responses,
      output: 31 * responses,
    });
  });

  it('skips files not modified within `since`', async () => {
    const file = placeCodex(SESSION, fixture('codex-session.jsonl'));
    const old = new Date('2025-01-01T00:00:00Z');
    const { utimesSync } = await import('node:fs');
    utimesSync(file, old, old);
    expect(await scanLogs(codexSource(codexHome), { store, since: Date.parse('2026-01-01') })).toMatchObject({
      read: 0,
    });
    expect(totals('codex')).toEqual({});
  });
});

describe('Claude Code project logs', () => {
  const SESSION_FILE = ['projects', '-home-user-project', '9f201329-7c76-4cf7-8973-8b734a29b051.jsonl'];

  function placeClaude(content: Buffer | string, parts = SESSION_FILE): string {
    const file = path.join(claudeDir, ...parts);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  }

  it('counts a response written as several block lines once, cache reads and writes apart', async () => {
    placeClaude(fixture('claude-session.jsonl'));
    await scanLogs(claudeSource(claudeDir), { store });
    // msg_01: 100 + 3000 read + 2000 written in, 41 out; msg_02: 200 + 6000 + 2000 in, 42 out.
    expect(totals('claude')).toEqual({
      'claude-sonnet-4-5': { input: 13300, cached: 9000, cacheWrite: 4000, output: 83, reasoning: 0, requests: 2 },
    });
  });

  it('takes the largest count when a later block of the same response carries more output', async () => {
    const lines = fixture('claude-session.jsonl').toString().split('\n').filter(Boolean);
    const blocks = lines.filter((l) => l.includes('"msg_01TEST"'));
    const partial = JSON.parse(blocks[0]!) as { message: { usage: { output_tokens: number } } };
    partial.message.usage.output_tokens = 1;
    placeClaude(`${JSON.stringify(partial)}\n`);
    await scanLogs(claudeSource(claudeDir), { store });
    // The rest of the response arrives in a later scan: continued across the two.
    appendFileSync(path.join(claudeDir, ...SESSION_FILE), `${blocks[1]}\n`);
    await scanLogs(claudeSource(claudeDir), { store });
    expect(totals('claude')['claude-sonnet-4-5']).toMatchObject({ output: 41, input: 5100, requests: 1 });
  });

  it("reads subagents' logs and skips Claude Code's synthetic messages", async () => {
    const lines = fixture('claude-session.jsonl').toString().split('\n').filter(Boolean);
    const response = lines.find((l) => l.includes('"msg_02TEST"'))!;
    placeClaude(`${response}\n`, ['projects', '-home-user-project', 'abc', 'subagents', 'agent-1.jsonl']);
    const synthetic = JSON.parse(response) as { message: { model: string; id: string } };
    synthetic.message.model = '<synthetic>';
    synthetic.message.id = 'msg_synthetic';
    placeClaude(`${JSON.stringify(synthetic)}\n`);
    await scanLogs(claudeSource(claudeDir), { store });
    expect(totals('claude')).toEqual({
      'claude-sonnet-4-5': { input: 8200, cached: 6000, cacheWrite: 2000, output: 42, reasoning: 0, requests: 1 },
    });
  });

  it('ignores lines that are not JSON, or carry absurd numbers', async () => {
    const lines = fixture('claude-session.jsonl').toString().split('\n').filter(Boolean);
    const response = JSON.parse(lines.find((l) => l.includes('"msg_02TEST"'))!) as {
      message: { usage: Record<string, unknown> };
    };
    response.message.usage = { input_tokens: -5, output_tokens: 'lots', cache_read_input_tokens: 1e300 };
    placeClaude(`{"usage": not json\n${JSON.stringify(response)}\n`);
    await scanLogs(claudeSource(claudeDir), { store });
    expect(totals('claude')['claude-sonnet-4-5']).toMatchObject({ input: 1e12, cached: 1e12, output: 0 });
  });
});
