// A lock file in `$CLAWBAR_HOME/locks` shared by every clawbar process (CLI, gateway, Electron).
// Refresh tokens are single-use: two processes refreshing at once would burn one and log the
// other out, so a refresh happens only while holding the lock.
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { ensurePrivateDir } from '../config/atomic-file.js';
import { OwnFileError, readOwnFile } from '../config/own-files.js';

import { processAlive } from './process-group.js';

export interface FileLockOptions {
  /** Give up waiting after this long; default 30 s. */
  timeoutMs?: number;
  /** A lock older than this whose owner is gone (or that is simply this old) is taken over; default 60 s. */
  staleMs?: number;
  /** Poll interval while waiting; default 50 ms. */
  pollMs?: number;
}

export class LockTimeoutError extends Error {
  override name = 'LockTimeoutError';
}

/**
 * The lock's content when it is stale (owner dead, or older than `staleMs`), else null. Something
 * that is not a lock file clawbar wrote (a FIFO, a link) counts as stale: it is moved aside.
 */
async function staleContent(file: string, staleMs: number): Promise<string | null> {
  let text: string | null;
  let mtime: number;
  try {
    text = await readOwnFile(file, { maxBytes: 1024 });
    mtime = (await fs.lstat(file)).mtimeMs;
  } catch (error) {
    // gone meanwhile (the next attempt will take it), or not a lock file at all
    return error instanceof OwnFileError ? '' : null;
  }
  if (text === null) return null;
  const pid = Number(text.split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && !processAlive(pid)) return text;
  return Date.now() - mtime > staleMs ? text : null;
}

/**
 * Runs `fn` while holding `<lockDir>/<name>.lock` (created with O_EXCL, holding our pid).
 * Waits for another holder; takes over a lock whose owner died or that outlived `staleMs`.
 */
export async function withFileLock<T>(
  lockDir: string,
  name: string,
  fn: () => Promise<T>,
  options: FileLockOptions = {},
): Promise<T> {
  const file = path.join(lockDir, `${name}.lock`);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const staleMs = options.staleMs ?? 60_000;
  const pollMs = options.pollMs ?? 50;
  await ensurePrivateDir(lockDir);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await fs.open(file, 'wx', 0o600);
      try {
        await handle.writeFile(`${process.pid}\n${new Date().toISOString()}\n`);
      } finally {
        await handle.close();
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const stale = await staleContent(file, staleMs);
    if (stale !== null) {
      // Move it aside, then check it was the stale one: another waiter may have replaced it with
      // its own fresh lock in between, which goes back in place.
      const aside = `${file}.stale.${process.pid}`;
      try {
        await fs.rename(file, aside);
        const moved = await readOwnFile(aside, { maxBytes: 1024 }).catch(() => '');
        if (moved !== stale) await fs.link(aside, file).catch(() => undefined);
      } catch {
        // someone else took it over
      }
      await fs.rm(aside, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new LockTimeoutError(`another clawbar process holds ${file}; try again in a moment`);
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  try {
    return await fn();
  } finally {
    await fs.rm(file, { force: true });
  }
}
