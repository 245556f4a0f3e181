// The log scanners' memory in the history database: how far each CLI log was read and the tokens
// it held per hour and model. One file's result lands in one transaction that first checks nobody
// else committed a newer state meanwhile (the gateway and a `clawbar usage` may scan at once).
import { addCounts, type LogFileState, type LogSource, type LogUsageStore, type UsageBucket } from '../cost/types.js';

import type { Database } from './sqlite.js';

function parses(json: string): boolean {
  try {
    JSON.parse(json);
    return true;
  } catch {
    return false;
  }
}

export function createLogUsageStore(db: Database): LogUsageStore {
  const selectStates = db.prepare('SELECT key, state FROM log_files WHERE source = ?').raw(true);
  const selectOne = db.prepare('SELECT id, state FROM log_files WHERE source = ? AND key = ?').raw(true);
  const insertFile = db.prepare('INSERT INTO log_files (source, key, state) VALUES (?, ?, ?)');
  const updateFile = db.prepare('UPDATE log_files SET state = ? WHERE id = ?');
  const dropUsage = db.prepare('DELETE FROM log_usage WHERE file_id = ?');
  const addUsage = db.prepare(
    `INSERT INTO log_usage (file_id, hour, model, input_tokens, cached_tokens, cache_write_tokens, output_tokens, reasoning_tokens, requests)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (file_id, hour, model) DO UPDATE SET
       input_tokens = input_tokens + excluded.input_tokens,
       cached_tokens = cached_tokens + excluded.cached_tokens,
       cache_write_tokens = cache_write_tokens + excluded.cache_write_tokens,
       output_tokens = output_tokens + excluded.output_tokens,
       reasoning_tokens = reasoning_tokens + excluded.reasoning_tokens,
       requests = requests + excluded.requests`,
  );
  const selectBuckets = db
    .prepare(
      `SELECT f.source, u.hour, u.model, SUM(u.input_tokens), SUM(u.cached_tokens), SUM(u.cache_write_tokens),
              SUM(u.output_tokens), SUM(u.reasoning_tokens), SUM(u.requests)
       FROM log_usage u JOIN log_files f ON f.id = u.file_id
       WHERE u.hour >= ? GROUP BY f.source, u.hour, u.model ORDER BY u.hour, f.source, u.model`,
    )
    .raw(true);

  const commit = db.transaction(
    (
      source: LogSource,
      key: string,
      previous: LogFileState | null,
      next: LogFileState,
      buckets: UsageBucket[],
      reset: boolean,
    ) => {
      const row = selectOne.get(source, key) as [number, string] | undefined;
      const stored = row && parses(row[1]) ? row[1] : null;
      if (stored !== (previous ? JSON.stringify(previous) : null)) return false;
      // A stored state this build could not read counts as none: the file was read from the start.
      if (row && stored === null) reset = true;
      let id: number;
      if (row) {
        id = row[0];
        updateFile.run(JSON.stringify(next), id);
      } else {
        id = Number(insertFile.run(source, key, JSON.stringify(next)).lastInsertRowid);
      }
      if (reset) dropUsage.run(id);
      for (const b of buckets) {
        addUsage.run(id, b.hour, b.model, b.input, b.cached, b.cacheWrite, b.output, b.reasoning, b.requests);
      }
      return true;
    },
  );

  return {
    fileStates(source) {
      const states = new Map<string, LogFileState>();
      for (const [key, state] of selectStates.all(source) as Array<[string, string]>) {
        try {
          states.set(key, JSON.parse(state) as LogFileState);
        } catch {
          // A state this build cannot read is as good as none: the file is read again from the start.
        }
      }
      return states;
    },
    commit: (source, key, previous, next, buckets, reset) =>
      // IMMEDIATE: take the write lock before reading the stored state, so the check and the
      // write see the same database.
      commit.immediate(source, key, previous, next, buckets, reset) as boolean,
    buckets(sinceHour) {
      const rows = selectBuckets.all(sinceHour) as Array<[LogSource, number, string, ...number[]]>;
      return rows.map(([source, hour, model, input, cached, cacheWrite, output, reasoning, requests]) =>
        addCounts(
          { source, hour, model, input: 0, cached: 0, cacheWrite: 0, output: 0, reasoning: 0, requests: 0 },
          {
            input: input!,
            cached: cached!,
            cacheWrite: cacheWrite!,
            output: output!,
            reasoning: reasoning!,
            requests: requests!,
          },
        ),
      );
    },
  };
}
