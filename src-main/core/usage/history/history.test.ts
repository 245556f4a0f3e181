// The history database on real files: round trips, batching, reset events, retention, schema
// migrations from nothing and from the previous version, and a file locked by another process.
import { mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createHistory, type History } from './history.js';
import { migrate, SCHEMA_VERSION } from './migrations.js';
import { HistoryError, openDatabase, scalar } from './sqlite.js';

import type { AgentTurn, UsageSample } from './types.js';
import type LibsqlDatabase from 'libsql';

const Libsql = createRequire(import.meta.url)('libsql') as typeof LibsqlDatabase;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-11-25T12:00:00Z');

let dir: string;
let file: string;
let open: History[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'clawbar-history-'));
  file = path.join(dir, 'state', 'history.db');
  open = [];
});
afterEach(() => {
  for (const h of open) h.close();
  rmSync(dir, { recursive: true, force: true });
});

function history(options: Partial<Parameters<typeof createHistory>[0]> = {}): History {
  const h = createHistory({ path: file, compactDaily: false, flushIntervalMs: 3_600_000, ...options });
  open.push(h);
  return h;
}

/** A second connection, as another process would have. */
function peek<T>(sql: string): T {
  const db = new Libsql(file);
  try {
    return (db.prepare(sql).raw(true).get() as unknown[])[0] as T;
  } finally {
    db.close();
  }
}

const sample = (over: Partial<UsageSample> = {}): UsageSample => ({
  provider: 'openai-codex',
  account: 'work',
  window: '5h',
  windowSeconds: 18_000,
  usedPercent: 10,
  resetAt: T0 + 4 * HOUR,
  at: T0,
  ...over,
});

const turn = (over: Partial<AgentTurn> = {}): AgentTurn => ({
  at: T0,
  profile: 'openai-codex:codex-cli',
  model: 'gpt-5.2',
  inputTokens: 1200,
  outputTokens: 80,
  cachedTokens: 1000,
  latencyMs: 850,
  outcome: 'ok',
  ...over,
});

describe('usage history', () => {
  it('creates a private WAL database at the current schema and reads back what it recorded', () => {
    const h = history();
    expect(h.recordSample(sample())).toBe(true);
    expect(h.recordSample(sample({ at: T0 + 300_000, usedPercent: 12 }))).toBe(true);
    expect(h.recordSample(sample({ account: 'personal', usedPercent: 50 }))).toBe(true);
    expect(h.recordTurn(turn())).toBe(true);

    expect(
      h.samples({ provider: 'openai-codex', account: 'work', window: '5h' }, T0).map((s) => s.usedPercent),
    ).toEqual([10, 12]);
    expect(h.samples({ provider: 'openai-codex', account: 'work', window: '5h' }, T0 + 1)[0]).toEqual({
      ...sample({ at: T0 + 300_000, usedPercent: 12 }),
      limit: '',
    });
    expect(h.turns(T0)).toEqual([turn()]);

    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(peek<string>('PRAGMA journal_mode')).toBe('wal');
    expect(peek<number>('PRAGMA user_version')).toBe(SCHEMA_VERSION);
  });

  it('queues records and writes them in one go: nothing reaches the file until the flush', async () => {
    const h = history({ maxBatch: 100 });
    for (let i = 0; i < 99; i++) h.recordTurn(turn({ at: T0 + i }));
    expect(h.stats().queued).toBe(99);
    expect(peek<number>('SELECT count(*) FROM agent_turns')).toBe(0);
    // The 100th fills the batch: it is written on the next turn of the event loop, not inline.
    h.recordTurn(turn({ at: T0 + 99 }));
    expect(peek<number>('SELECT count(*) FROM agent_turns')).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(peek<number>('SELECT count(*) FROM agent_turns')).toBe(100);
    expect(h.stats().queued).toBe(0);
  });

  it('flushes on its timer', async () => {
    const h = history({ flushIntervalMs: 20 });
    h.recordTurn(turn());
    await expect.poll(() => h.stats().queued, { timeout: 5000 }).toBe(0);
    expect(peek<number>('SELECT count(*) FROM agent_turns')).toBe(1);
  });

  it('refuses absurd records instead of storing them', () => {
    const h = history();
    expect(h.recordSample(sample({ usedPercent: Number.NaN }))).toBe(false);
    expect(h.recordSample(sample({ usedPercent: -1 }))).toBe(false);
    expect(h.recordSample(sample({ usedPercent: 1e9 }))).toBe(false);
    expect(h.recordSample(sample({ window: 'x'.repeat(10_000) }))).toBe(false);
    expect(h.recordSample(sample({ resetAt: -5 }))).toBe(false);
    expect(h.recordTurn(turn({ inputTokens: -3 }))).toBe(false);
    expect(h.recordTurn(turn({ outputTokens: Number.POSITIVE_INFINITY }))).toBe(false);
    expect(h.recordTurn(turn({ profile: '' }))).toBe(false);
    expect(h.stats().queued).toBe(0);
  });

  it('records a reset when the reset time moves forward and used % drops, and only then', () => {
    const h = history();
    const key = { provider: 'anthropic', account: '', window: '5h' };
    const at = (min: number) => T0 + min * 60_000;
    h.recordSample(sample({ ...key, at: at(0), usedPercent: 80, resetAt: at(30) }));
    // Jitter of the reset time and a rising percentage: no reset.
    h.recordSample(sample({ ...key, at: at(5), usedPercent: 85, resetAt: at(30) + 400 }));
    // A server-side correction (used % dips, same period): no reset.
    h.recordSample(sample({ ...key, at: at(10), usedPercent: 84, resetAt: at(30) }));
    // The window rolled over.
    h.recordSample(sample({ ...key, at: at(35), usedPercent: 2, resetAt: at(35 + 300) }));
    expect(h.resets(key, 0)).toEqual([
      { ...key, limit: '', at: at(35), previousUsedPercent: 84, previousResetAt: at(30), resetAt: at(335) },
    ]);
    expect(h.resets({ ...key, window: 'Week' }, 0)).toEqual([]);
  });

  it('detects a reset across a restart from the last stored sample', () => {
    // No account: the default home.
    const { account: _none, ...base } = sample({ window: 'Week' });
    const first = history();
    first.recordSample({ ...base, usedPercent: 97, resetAt: T0 + HOUR });
    first.close();
    const second = history();
    second.recordSample({ ...base, at: T0 + 2 * HOUR, usedPercent: 0, resetAt: T0 + 7 * DAY });
    expect(second.resets(null, 0)).toHaveLength(1);
    expect(second.resets(null, 0)[0]).toMatchObject({ provider: 'openai-codex', account: '', previousUsedPercent: 97 });
  });

  it('deletes what is older than the retention when it compacts', async () => {
    let now = T0;
    const h = history({ retentionDays: 90, now: () => now });
    for (let day = 0; day < 100; day++) {
      h.recordSample(sample({ at: T0 + day * DAY, usedPercent: day % 100, resetAt: null }));
      h.recordTurn(turn({ at: T0 + day * DAY }));
    }
    h.flush();
    now = T0 + 99 * DAY + HOUR;
    const deleted = await h.compact();
    expect(deleted).toBe(2 * 10);
    const kept = h.samples({ provider: 'openai-codex', account: 'work', window: '5h' }, 0);
    expect(kept).toHaveLength(90);
    expect(kept[0]!.at).toBe(T0 + 10 * DAY);
    expect(h.turns(0)).toHaveLength(90);
    expect(peek<string>("SELECT value FROM meta WHERE key = 'compacted_at'")).toBe(String(now));
  });

  it('compacts at open when the last compaction is more than a day old', async () => {
    const h = history({ compactDaily: true, now: () => T0 + 200 * DAY });
    h.recordTurn(turn());
    h.flush();
    await expect.poll(() => peek<number>('SELECT count(*) FROM agent_turns'), { timeout: 5000 }).toBe(0);
  });

  it('keeps its queue while another process holds the write lock, and writes it afterwards', () => {
    const h = history();
    h.recordTurn(turn());
    h.flush();
    const other = new Libsql(file);
    other.exec('BEGIN IMMEDIATE');
    try {
      h.recordTurn(turn({ at: T0 + 1 }));
      expect(() => h.flush()).not.toThrow();
      expect(h.stats()).toMatchObject({ queued: 1, lastError: expect.stringMatching(/locked/) });
    } finally {
      other.exec('COMMIT');
      other.close();
    }
    h.flush();
    expect(h.stats()).toEqual({ queued: 0, dropped: 0, lastError: null });
    expect(h.turns(0)).toHaveLength(2);
  });
});

describe('history file and schema', () => {
  it('migrates a version-1 database (an older clawbar) and keeps its rows', () => {
    const db = openDatabase(file);
    expect(migrate(db, 1)).toBe(1);
    db.prepare(
      "INSERT INTO agent_turns (at, profile, model, input_tokens, output_tokens, cached_tokens, latency_ms, outcome) VALUES (?, 'anthropic:claude-cli', 'claude-sonnet-4-5', 10, 20, 0, 300, 'ok')",
    ).run(T0);
    expect(() => db.prepare('SELECT * FROM log_files').all()).toThrow(/no such table/);
    db.close();

    const h = history();
    expect(peek<number>('PRAGMA user_version')).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBeGreaterThan(1);
    expect(h.turns(0)).toEqual([
      turn({
        profile: 'anthropic:claude-cli',
        model: 'claude-sonnet-4-5',
        inputTokens: 10,
        outputTokens: 20,
        cachedTokens: 0,
        latencyMs: 300,
      }),
    ]);
    // The version-2 tables work.
    const state = { path: '/x', offset: 10, size: 10, mtimeMs: 1, headLen: 10, headHash: 'h', parser: null };
    expect(h.logUsage.commit('codex', 'a.jsonl', null, state, [], false)).toBe(true);
  });

  it('refuses a database from a newer clawbar without touching it', () => {
    const db = openDatabase(file);
    migrate(db);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 5}`);
    db.close();
    expect(() => history()).toThrow(HistoryError);
    expect(() => history()).toThrow(/newer than this clawbar knows/);
    expect(peek<number>('PRAGMA user_version')).toBe(SCHEMA_VERSION + 5);
  });

  it('refuses a symlink planted where the database goes', () => {
    const target = path.join(dir, 'elsewhere.db');
    writeFileSync(target, '');
    const db = openDatabase(path.join(dir, 'probe.db'));
    db.close();
    symlinkSync(target, path.join(dir, 'history.db'));
    expect(() => createHistory({ path: path.join(dir, 'history.db'), compactDaily: false })).toThrow(
      /not a regular file/,
    );
    expect(statSync(target).size).toBe(0);
  });

  it('says in one line when the file is not a database', () => {
    writeFileSync(path.join(dir, 'junk.db'), 'this is not sqlite '.repeat(100), { mode: 0o600 });
    const run = () => createHistory({ path: path.join(dir, 'junk.db'), compactDaily: false });
    expect(run).toThrow(HistoryError);
    expect(run).toThrow(/cannot be opened|not a database/);
  });

  it('reads a scalar through the raw statement', () => {
    const db = openDatabase(file);
    expect(scalar(db.prepare('SELECT 41 + 1'))).toBe(42);
    db.close();
  });
});
