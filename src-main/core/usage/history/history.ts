// The usage history under $CLAWBAR_HOME: record usage samples and agent turns without costing the
// caller anything measurable, read them back for pace and charts, forget them after the retention.
//
// Recording only validates and queues (the hot path touches no disk); a timer flushes the queue in
// one transaction (a few hundred rows take a few ms, bench/history.bench.mjs). Reads flush first,
// so a caller always sees what it recorded. Retention is enforced by a daily compaction that
// deletes in small chunks, yielding between them.
import { createLogUsageStore } from './log-usage-store.js';
import { migrate } from './migrations.js';
import { createResetDetector } from './reset-detector.js';
import { openDatabase, scalar, type Database, type Statement } from './sqlite.js';

import type { LogUsageStore } from '../cost/types.js';
import type { AgentTurn, UsageSample, WindowKey, WindowReset } from './types.js';

const DAY_MS = 86_400_000;

export interface HistoryOptions {
  /** The database file (`$CLAWBAR_HOME/state/history.db`). */
  path: string;
  /** Rows older than this many days are deleted by the daily compaction (default 90). */
  retentionDays?: number;
  /** How long a recorded row may wait in the queue (default 1 s). */
  flushIntervalMs?: number;
  /** A queue this long is flushed at the next tick instead of waiting for the timer (default 500). */
  maxBatch?: number;
  /** Compact at open when the last compaction is older than a day, then daily (default true). */
  compactDaily?: boolean;
  /** How long a write waits for another process's lock (default 100 ms: the wait blocks the event loop). */
  busyTimeoutMs?: number;
  now?: () => number;
}

export interface History {
  /** Queues a sample; records a reset event when it shows one. False when the sample is absurd. */
  recordSample(sample: UsageSample): boolean;
  /** Queues an agent turn. False when the turn is absurd. */
  recordTurn(turn: AgentTurn): boolean;
  /** Samples of one window at or after `since`, oldest first. */
  samples(key: WindowKey, since: number): UsageSample[];
  /** The newest sample of every window sampled at or after `since`. */
  latest(since: number): UsageSample[];
  /** Resets of one window (or of every window) at or after `since`, oldest first. */
  resets(key: WindowKey | null, since: number): WindowReset[];
  /** Agent turns at or after `since`, oldest first. */
  turns(since: number): AgentTurn[];
  /** Writes the queue now, in one transaction. */
  flush(): void;
  /** Deletes what is older than the retention, in chunks; resolves with the rows deleted. */
  compact(): Promise<number>;
  /** The per-file log scan results (cost/). */
  readonly logUsage: LogUsageStore;
  /** Rows waiting in the queue, rows dropped because writes kept failing, and the last failure. */
  stats(): { queued: number; dropped: number; lastError: string | null };
  /** Flushes and closes; later calls do nothing. */
  close(): void;
}

/** Where a queue may grow to while the file is locked by another process, before the oldest rows go. */
const MAX_QUEUE = 50_000;

type Row =
  { kind: 'sample'; sample: UsageSample } | { kind: 'reset'; reset: WindowReset } | { kind: 'turn'; turn: AgentTurn };

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
const count = (n: unknown): n is number => finite(n) && n >= 0 && n <= Number.MAX_SAFE_INTEGER;
const text = (s: unknown, max = 200): s is string => typeof s === 'string' && s.length > 0 && s.length <= max;
const optionalText = (s: unknown): boolean => s === undefined || (typeof s === 'string' && s.length <= 200);

function validSample(s: UsageSample): boolean {
  return (
    count(s.at) &&
    text(s.provider) &&
    optionalText(s.account) &&
    optionalText(s.limit) &&
    text(s.window) &&
    count(s.windowSeconds) &&
    finite(s.usedPercent) &&
    s.usedPercent >= 0 &&
    s.usedPercent <= 1000 &&
    (s.resetAt === null || count(s.resetAt))
  );
}

function validTurn(t: AgentTurn): boolean {
  return (
    count(t.at) &&
    text(t.profile) &&
    text(t.model) &&
    count(t.inputTokens) &&
    count(t.outputTokens) &&
    count(t.cachedTokens) &&
    count(t.latencyMs) &&
    text(t.outcome, 64)
  );
}

const seriesWhere = 'provider = ? AND account = ? AND limit_name = ? AND window_label = ?';
const seriesOf = (key: WindowKey) => [key.provider, key.account ?? '', key.limit ?? '', key.window];

/** Opens (creating and migrating) the history database. Throws a HistoryError with one line. */
export function createHistory(options: HistoryOptions): History {
  const now = options.now ?? Date.now;
  const retentionMs = (options.retentionDays ?? 90) * DAY_MS;
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const maxBatch = options.maxBatch ?? 500;
  const db: Database = openDatabase(options.path, options.busyTimeoutMs);
  try {
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }

  const insertSample = db.prepare(
    'INSERT INTO usage_samples (at, provider, account, limit_name, window_label, window_seconds, used_percent, reset_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertReset = db.prepare(
    'INSERT INTO window_resets (at, provider, account, limit_name, window_label, previous_used_percent, previous_reset_at, reset_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertTurn = db.prepare(
    'INSERT INTO agent_turns (at, profile, model, input_tokens, output_tokens, cached_tokens, latency_ms, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const selectSamples = db.prepare(
    `SELECT at, window_seconds, used_percent, reset_at FROM usage_samples WHERE ${seriesWhere} AND at >= ? ORDER BY at, id`,
  );
  const selectLastSample = db.prepare(
    `SELECT at, window_seconds, used_percent, reset_at FROM usage_samples WHERE ${seriesWhere} ORDER BY at DESC, id DESC LIMIT 1`,
  );
  // SQLite takes the bare columns of a MAX() aggregate from the row holding the maximum.
  const selectLatest = db.prepare(
    'SELECT provider, account, limit_name, window_label, window_seconds, used_percent, reset_at, MAX(at) FROM usage_samples WHERE at >= ? GROUP BY provider, account, limit_name, window_label',
  );
  const selectResets = db.prepare(
    `SELECT at, provider, account, limit_name, window_label, previous_used_percent, previous_reset_at, reset_at FROM window_resets WHERE ${seriesWhere} AND at >= ? ORDER BY at, id`,
  );
  const selectAllResets = db.prepare(
    'SELECT at, provider, account, limit_name, window_label, previous_used_percent, previous_reset_at, reset_at FROM window_resets WHERE at >= ? ORDER BY at, id',
  );
  const selectTurns = db.prepare(
    'SELECT at, profile, model, input_tokens, output_tokens, cached_tokens, latency_ms, outcome FROM agent_turns WHERE at >= ? ORDER BY at, id',
  );
  const readMeta = db.prepare('SELECT value FROM meta WHERE key = ?');
  const writeMeta = db.prepare(
    'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );

  const writeRows = db.transaction((rows: Row[]) => {
    for (const row of rows) {
      if (row.kind === 'sample') {
        const s = row.sample;
        insertSample.run(s.at, ...seriesOf(s), Math.round(s.windowSeconds), s.usedPercent, s.resetAt);
      } else if (row.kind === 'reset') {
        const r = row.reset;
        insertReset.run(r.at, ...seriesOf(r), r.previousUsedPercent, r.previousResetAt, r.resetAt);
      } else {
        const t = row.turn;
        insertTurn.run(
          t.at,
          t.profile,
          t.model,
          t.inputTokens,
          t.outputTokens,
          t.cachedTokens,
          Math.round(t.latencyMs),
          t.outcome,
        );
      }
    }
  });

  let queue: Row[] = [];
  let dropped = 0;
  let lastError: string | null = null;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let immediate: ReturnType<typeof setImmediate> | undefined;
  let compactTimer: ReturnType<typeof setTimeout> | undefined;

  const lastSampleFromDb = (key: WindowKey): UsageSample | null => {
    const row = selectLastSample.raw(true).get(...seriesOf(key)) as [number, number, number, number | null] | undefined;
    return row ? { ...key, at: row[0], windowSeconds: row[1], usedPercent: row[2], resetAt: row[3] } : null;
  };
  const resets = createResetDetector(lastSampleFromDb);

  function flush(): void {
    if (timer) clearTimeout(timer);
    if (immediate) clearImmediate(immediate);
    timer = immediate = undefined;
    if (queue.length === 0 || closed) return;
    const rows = queue;
    queue = [];
    try {
      writeRows(rows);
      lastError = null;
    } catch (error) {
      // Locked by another process, or the disk is full: keep the rows for the next flush, up to a
      // cap. Never throw: this runs from a timer, and recording must not take the gateway down.
      lastError = (error as Error).message;
      queue = rows.concat(queue);
      if (queue.length > MAX_QUEUE) {
        dropped += queue.length - MAX_QUEUE;
        queue = queue.slice(queue.length - MAX_QUEUE);
      }
      schedule();
    }
  }

  function schedule(): void {
    if (closed) return;
    if (queue.length >= maxBatch) {
      immediate ??= setImmediate(flush);
      return;
    }
    if (!timer) {
      timer = setTimeout(flush, flushIntervalMs);
      // Recording must never keep a process alive on its own; close() flushes what is left.
      timer.unref();
    }
  }

  function enqueue(row: Row): void {
    queue.push(row);
    schedule();
  }

  async function compact(): Promise<number> {
    flush();
    const cutoff = now() - retentionMs;
    const hourCutoff = Math.floor(cutoff / 3_600_000);
    const CHUNK = 2000;
    let deleted = 0;
    for (const [table, column, limit] of [
      ['usage_samples', 'at', cutoff],
      ['window_resets', 'at', cutoff],
      ['agent_turns', 'at', cutoff],
    ] as const) {
      const step = db.prepare(
        `DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE ${column} < ? LIMIT ${CHUNK})`,
      );
      for (;;) {
        if (closed) return deleted;
        const { changes } = step.run(limit);
        deleted += changes;
        if (changes < CHUNK) break;
        // Let the gateway's event loop breathe between chunks.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    if (closed) return deleted;
    deleted += db.prepare('DELETE FROM log_usage WHERE hour < ?').run(hourCutoff).changes;
    db.exec('PRAGMA incremental_vacuum');
    db.exec('PRAGMA optimize');
    writeMeta.run('compacted_at', String(now()));
    return deleted;
  }

  function scheduleCompaction(delayMs: number): void {
    compactTimer = setTimeout(() => {
      compact()
        .catch(() => undefined)
        .finally(() => {
          if (!closed) scheduleCompaction(DAY_MS);
        });
    }, delayMs);
    compactTimer.unref();
  }
  if (options.compactDaily ?? true) {
    const last = Number(scalar(readMeta, 'compacted_at') ?? 0);
    scheduleCompaction(Math.max(0, last + DAY_MS - now()));
  }

  return {
    recordSample(sample) {
      if (closed || !validSample(sample)) return false;
      const clean: UsageSample = { ...sample, account: sample.account ?? '', limit: sample.limit ?? '' };
      enqueue({ kind: 'sample', sample: clean });
      const reset = resets.observe(clean);
      if (reset) enqueue({ kind: 'reset', reset });
      return true;
    },
    recordTurn(turn) {
      if (closed || !validTurn(turn)) return false;
      enqueue({ kind: 'turn', turn: { ...turn } });
      return true;
    },
    samples(key, since) {
      flush();
      const rows = selectSamples.raw(true).all(...seriesOf(key), since) as Array<
        [number, number, number, number | null]
      >;
      return rows.map(([at, windowSeconds, usedPercent, resetAt]) => ({
        provider: key.provider,
        account: key.account ?? '',
        limit: key.limit ?? '',
        window: key.window,
        at,
        windowSeconds,
        usedPercent,
        resetAt,
      }));
    },
    latest(since) {
      flush();
      const rows = selectLatest.raw(true).all(since) as Array<
        [string, string, string, string, number, number, number | null, number]
      >;
      return rows.map(([provider, account, limit, window, windowSeconds, usedPercent, resetAt, at]) => ({
        provider,
        account,
        limit,
        window,
        windowSeconds,
        usedPercent,
        resetAt,
        at,
      }));
    },
    resets(key, since) {
      flush();
      const statement: Statement = key ? selectResets : selectAllResets;
      const rows = (key ? statement.raw(true).all(...seriesOf(key), since) : statement.raw(true).all(since)) as Array<
        [number, string, string, string, string, number, number, number]
      >;
      return rows.map(([at, provider, account, limit, window, previousUsedPercent, previousResetAt, resetAt]) => ({
        at,
        provider,
        account,
        limit,
        window,
        previousUsedPercent,
        previousResetAt,
        resetAt,
      }));
    },
    turns(since) {
      flush();
      const rows = selectTurns.raw(true).all(since) as Array<
        [number, string, string, number, number, number, number, string]
      >;
      return rows.map(([at, profile, model, inputTokens, outputTokens, cachedTokens, latencyMs, outcome]) => ({
        at,
        profile,
        model,
        inputTokens,
        outputTokens,
        cachedTokens,
        latencyMs,
        outcome,
      }));
    },
    flush,
    compact,
    logUsage: createLogUsageStore(db),
    stats: () => ({ queued: queue.length, dropped, lastError }),
    close() {
      if (closed) return;
      try {
        flush();
      } finally {
        closed = true;
        if (compactTimer) clearTimeout(compactTimer);
        db.close();
      }
    },
  };
}
