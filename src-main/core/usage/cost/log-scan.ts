// Incremental scans of the CLIs' logs. Each scan walks the log trees (lstat only: no file is
// opened unless its size or mtime changed since the last scan), reads each changed file from
// where the last scan stopped, and commits the file's new offset and the tokens found in one
// step. A file shorter than its offset, or whose first bytes changed, was truncated or replaced:
// it is read again from the start and its earlier tokens are dropped. The logs are never written.
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { createClaudeParser } from './claude-log.js';
import { createCodexParser } from './codex-log.js';
import { createLineSplitter } from './line-splitter.js';
import { HEAD_BYTES, hashBytes, openLog } from './log-file.js';
import { claudeLogRoots, codexLogRoots } from './log-roots.js';
import {
  addToBucket,
  type LogFileState,
  type LogParserFactory,
  type LogSource,
  type LogUsageStore,
  type UsageBucket,
} from './types.js';

const HOUR = 3_600_000;

export interface LogSourceSpec {
  source: LogSource;
  /** Directories to walk, and how to name each file found (null: not a log of this source). */
  roots: Array<{ dir: string; keyOf(relative: string): string | null }>;
  parser: LogParserFactory;
  maxDepth: number;
}

export interface ScanStats {
  files: number;
  read: number;
  bytes: number;
  resets: number;
  skippedLongLines: number;
}

export interface ScanOptions {
  store: LogUsageStore;
  /** Files not modified since this time are not read (their lines are older). Default: all. */
  since?: number;
}

/** Codex rollouts: `sessions/**` and `archived_sessions/**`, keyed by file name (.zst folded in). */
export function codexSource(codexHome: string): LogSourceSpec {
  return { source: 'codex', roots: codexLogRoots(codexHome), parser: createCodexParser, maxDepth: 5 };
}

/** Claude Code project logs: `projects/**\/*.jsonl`, keyed by their path under projects/. */
export function claudeSource(claudeConfigDir: string): LogSourceSpec {
  return { source: 'claude', roots: claudeLogRoots(claudeConfigDir), parser: createClaudeParser, maxDepth: 5 };
}

/** Every log file under the roots, by key; a plain file wins over its compressed twin. */
async function findLogs(spec: LogSourceSpec): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const root of spec.roots) {
    const walk = async (dir: string, depth: number): Promise<void> => {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        // Dirent types come from lstat: symlinks are neither files nor directories, so never followed.
        if (entry.isDirectory()) {
          if (depth < spec.maxDepth) await walk(full, depth + 1);
        } else if (entry.isFile()) {
          const key = root.keyOf(path.relative(root.dir, full));
          if (key === null) continue;
          const existing = found.get(key);
          if (!existing || (existing.endsWith('.zst') && !full.endsWith('.zst'))) found.set(key, full);
        }
      }
    };
    await walk(root.dir, 1);
  }
  return found;
}

interface FileScan {
  next: LogFileState;
  buckets: UsageBucket[];
  reset: boolean;
  bytes: number;
  skippedLong: number;
}

/** Reads one file from where `previous` stopped; null when unchanged or unreadable. */
export async function scanFile(
  file: string,
  previous: LogFileState | null,
  parser: LogParserFactory,
): Promise<FileScan | null> {
  const log = await openLog(file);
  if (!log) return null;
  try {
    const { stat } = log;
    if (previous && previous.path === file && previous.size === stat.size && previous.mtimeMs === stat.mtimeMs)
      return null;

    let reset = false;
    if (previous) {
      if (!log.compressed && stat.size < previous.offset) reset = true;
      else if ((await log.headHash(previous.headLen)) !== previous.headHash) reset = true;
    }
    const resume = previous && !reset ? previous : null;
    const from = resume?.offset ?? 0;

    const buckets = new Map<string, UsageBucket>();
    const lineParser = parser(resume?.parser ?? null, (at, model, counts) => {
      const hour = Math.floor(at / HOUR);
      addToBucket(buckets, `${hour}\u0000${model}`, { hour, model }, counts);
    });
    const splitter = createLineSplitter({ markers: lineParser.markers, onLine: (line) => lineParser.line(line) });

    let head: Buffer | null = resume ? null : Buffer.alloc(0);
    for await (const chunk of log.chunks(from)) {
      if (head && head.length < HEAD_BYTES) head = Buffer.concat([head, chunk.subarray(0, HEAD_BYTES - head.length)]);
      splitter.push(chunk);
    }
    const next: LogFileState = {
      path: file,
      offset: from + splitter.consumed,
      size: stat.size,
      mtimeMs: stat.mtimeMs,
      headLen: head ? head.length : resume!.headLen,
      headHash: head ? hashBytes(head) : resume!.headHash,
      parser: lineParser.state(),
    };
    return {
      next,
      buckets: [...buckets.values()],
      reset: reset,
      bytes: splitter.consumed,
      skippedLong: splitter.skippedLong,
    };
  } finally {
    await log.close();
  }
}

/** Scans one source's logs incrementally into `store`. */
export async function scanLogs(spec: LogSourceSpec, options: ScanOptions): Promise<ScanStats> {
  const stats: ScanStats = { files: 0, read: 0, bytes: 0, resets: 0, skippedLongLines: 0 };
  const states = options.store.fileStates(spec.source);
  for (const [key, file] of await findLogs(spec)) {
    stats.files++;
    const previous = states.get(key) ?? null;
    if (options.since !== undefined && !previous) {
      const mtime = await fs.lstat(file).then(
        (s) => s.mtimeMs,
        () => 0,
      );
      if (mtime < options.since) continue;
    }
    let result: FileScan | null;
    try {
      result = await scanFile(file, previous, spec.parser);
    } catch {
      // Unreadable right now (permissions, vanished mid-read, corrupt .zst): try again next scan.
      continue;
    }
    if (!result) continue;
    stats.read++;
    stats.bytes += result.bytes;
    stats.skippedLongLines += result.skippedLong;
    if (result.reset) stats.resets++;
    options.store.commit(spec.source, key, previous, result.next, result.buckets, result.reset);
  }
  return stats;
}
