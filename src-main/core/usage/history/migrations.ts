// The history database's schema, as an ordered list of migrations. `PRAGMA user_version` holds how
// many have run; each runs in its own transaction, so a crash leaves the file at a whole version.
// Append new migrations at the end; never edit one that has shipped.
import { HistoryError, scalar, type Database } from './sqlite.js';

export const MIGRATIONS: readonly string[] = [
  // 1: usage samples, detected window resets, agent turns.
  `CREATE TABLE usage_samples (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     provider TEXT NOT NULL,
     account TEXT NOT NULL,
     limit_name TEXT NOT NULL,
     window_label TEXT NOT NULL,
     window_seconds INTEGER NOT NULL,
     used_percent REAL NOT NULL,
     reset_at INTEGER
   );
   CREATE INDEX usage_samples_series ON usage_samples (provider, account, limit_name, window_label, at);
   CREATE INDEX usage_samples_at ON usage_samples (at);
   CREATE TABLE window_resets (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     provider TEXT NOT NULL,
     account TEXT NOT NULL,
     limit_name TEXT NOT NULL,
     window_label TEXT NOT NULL,
     previous_used_percent REAL NOT NULL,
     previous_reset_at INTEGER NOT NULL,
     reset_at INTEGER NOT NULL
   );
   CREATE INDEX window_resets_series ON window_resets (provider, account, limit_name, window_label, at);
   CREATE INDEX window_resets_at ON window_resets (at);
   CREATE TABLE agent_turns (
     id INTEGER PRIMARY KEY,
     at INTEGER NOT NULL,
     profile TEXT NOT NULL,
     model TEXT NOT NULL,
     input_tokens INTEGER NOT NULL,
     output_tokens INTEGER NOT NULL,
     cached_tokens INTEGER NOT NULL,
     latency_ms INTEGER NOT NULL,
     outcome TEXT NOT NULL
   );
   CREATE INDEX agent_turns_at ON agent_turns (at);
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;`,

  // 2: what the CLIs' own logs say (cost/): how far each log file has been read, and the tokens
  // it held per hour and model, so a scan reads only what was appended since the last one.
  `CREATE TABLE log_files (
     id INTEGER PRIMARY KEY,
     source TEXT NOT NULL,
     key TEXT NOT NULL,
     state TEXT NOT NULL,
     UNIQUE (source, key)
   );
   CREATE TABLE log_usage (
     file_id INTEGER NOT NULL REFERENCES log_files (id) ON DELETE CASCADE,
     hour INTEGER NOT NULL,
     model TEXT NOT NULL,
     input_tokens INTEGER NOT NULL,
     cached_tokens INTEGER NOT NULL,
     cache_write_tokens INTEGER NOT NULL,
     output_tokens INTEGER NOT NULL,
     reasoning_tokens INTEGER NOT NULL,
     requests INTEGER NOT NULL,
     PRIMARY KEY (file_id, hour, model)
   ) WITHOUT ROWID;
   CREATE INDEX log_usage_hour ON log_usage (hour);`,
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings `db` up to `target` (default: this build's version). A file from a newer clawbar is
 * refused rather than written: its tables may mean something this build does not know.
 */
export function migrate(db: Database, target = SCHEMA_VERSION): number {
  const version = Number(scalar(db.prepare('PRAGMA user_version')) ?? 0);
  if (version > SCHEMA_VERSION) {
    throw new HistoryError(
      `usage history unavailable: the database is schema ${version}, newer than this clawbar knows (${SCHEMA_VERSION}); update clawbar`,
    );
  }
  for (let next = version; next < target; next++) {
    // IMMEDIATE takes the write lock up front, so two processes opening an old file at once
    // migrate it one after the other instead of failing half-way.
    db.exec('BEGIN IMMEDIATE');
    try {
      // Another process may have migrated while this one waited for the lock.
      const now = Number(scalar(db.prepare('PRAGMA user_version')) ?? 0);
      if (now === next) db.exec(`${MIGRATIONS[next]!}\nPRAGMA user_version = ${next + 1};`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
  return Math.max(version, target);
}
