// The one door to the embedded SQLite binding (libsql: prebuilt N-API addons shipped in npm
// packages, so nothing is compiled or downloaded and the same binary loads in Node and Electron;
// README "Usage history" says why this binding). The addon is required lazily, so commands that
// never touch the history never load it, and a machine without a binary for its platform loses the
// history only, with one line saying why.
import { constants, closeSync, lstatSync, mkdirSync, openSync, statSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import type LibsqlDatabase from 'libsql';

export type Database = LibsqlDatabase.Database;
export type Statement = LibsqlDatabase.Statement;

/** The history cannot be used; the message is one line a user can act on. */
export class HistoryError extends Error {
  override name = 'HistoryError';
}

let binding: typeof LibsqlDatabase | undefined;

function loadBinding(): typeof LibsqlDatabase {
  if (binding) return binding;
  try {
    binding = createRequire(import.meta.url)('libsql') as typeof LibsqlDatabase;
  } catch (error) {
    const reason = (error as Error).message.split('\n')[0];
    throw new HistoryError(
      `usage history unavailable: the SQLite binding (libsql) for ${process.platform}-${process.arch} did not load (${reason}); reinstall with npm install`,
    );
  }
  return binding;
}

/**
 * Makes sure `file` is a regular file of ours with mode 0600 in a 0700 directory, creating it when
 * absent. A symlink, FIFO or directory planted at the path is refused rather than followed: SQLite
 * would otherwise write wherever it points. SQLite gives the -wal and -shm files the main file's mode.
 */
function preparePrivateFile(file: string): void {
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if ((statSync(dir).mode & 0o077) !== 0) chmodSync(dir, 0o700);
  for (const suffix of ['', '-wal', '-shm']) {
    let stat;
    try {
      stat = lstatSync(file + suffix);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    if (!stat.isFile()) {
      throw new HistoryError(`usage history unavailable: ${file}${suffix} is not a regular file; remove it`);
    }
  }
  try {
    closeSync(openSync(file, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW, 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
}

/**
 * Opens (creating when absent) a private SQLite file in WAL mode: readers (the CLI) never block the
 * gateway's writes, and a commit costs an append to the WAL instead of a journal round trip.
 */
export function openDatabase(file: string, busyTimeoutMs = 100): Database {
  const Database = loadBinding();
  try {
    preparePrivateFile(file);
  } catch (error) {
    if (error instanceof HistoryError) throw error;
    throw new HistoryError(
      `usage history unavailable: cannot create ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  let db: Database;
  try {
    // A busy wait blocks the event loop, so it stays short: a writer that finds the file locked
    // (the CLI scanning logs) keeps its batch and retries on its next flush.
    db = new Database(file, { timeout: busyTimeoutMs });
    // auto_vacuum only takes effect before the first table exists: set it first, every time.
    db.exec('PRAGMA auto_vacuum = INCREMENTAL');
    db.prepare('PRAGMA journal_mode = WAL').raw().get();
    // In WAL mode NORMAL is durable across application crashes; only an OS crash may lose the last
    // commits, which for usage history is a fair price for not fsyncing every batch.
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
  } catch (error) {
    throw new HistoryError(
      `usage history unavailable: ${file} cannot be opened (${(error as Error).message}); move it away to start afresh`,
    );
  }
  return db;
}

/**
 * The first column of the first row, or undefined (libsql's `pluck().get()` returns the whole row).
 * Puts `statement` in raw mode for good: give it statements used only through here.
 */
export function scalar(statement: Statement, ...params: unknown[]): unknown {
  const row = statement.raw(true).get(...params) as unknown[] | undefined;
  return row?.[0];
}
