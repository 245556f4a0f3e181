// Watches one directory's direct entries with chokidar, including a directory that does not exist
// yet or is deleted and re-created later. chokidar 5 does not report files inside a directory that
// appeared after watching began, nor an `add` of a missing file watched next to its directory, so
// this keeps one chokidar watcher on the directory when it exists and one on its nearest existing
// ancestor while it does not, switching between the two as it comes and goes.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

import type { FSWatcher } from 'chokidar';

export interface DirWatch {
  close(): Promise<void>;
}

function isDir(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function nearestExisting(dir: string): string {
  let current = path.dirname(dir);
  while (!existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

/**
 * Calls `onChange()` whenever an entry directly inside `dir` may have changed (add, change, unlink,
 * rename) and when the directory itself appears or disappears. Callers re-read and compare, so a
 * spurious call costs one read.
 */
export async function watchDirectory(
  dir: string,
  onChange: () => void,
  onError: (error: unknown) => void = () => {},
): Promise<DirWatch> {
  const { watch } = await import('chokidar');
  let current: FSWatcher | undefined;
  let mode: 'dir' | 'ancestor' | undefined;
  let currentTarget: string | undefined;
  let closed = false;
  let switching = Promise.resolve();

  const open = (target: string): Promise<FSWatcher> =>
    new Promise((resolve) => {
      const w = watch(target, { ignoreInitial: true, depth: 0 });
      w.on('error', onError);
      w.once('ready', () => resolve(w));
      w.on('all', (event, p) => {
        const file = path.resolve(p);
        if (mode === 'dir') {
          onChange();
          // A deleted directory may go without its own event: check when entries vanish.
          if (event === 'unlink' || event === 'unlinkDir' || file === dir) void reconsider();
        } else if (event === 'addDir' || event === 'add') {
          void reconsider();
        }
      });
      // chokidar drops some events around an atomic rename (a temp file renamed over the target
      // after its `add` was reported); the raw inotify / FSEvents stream still has them.
      w.on('raw', () => {
        if (mode === 'dir') onChange();
      });
    });

  /** Re-attaches to the directory or to its nearest existing ancestor, whichever applies now. */
  function reconsider(): Promise<void> {
    switching = switching.then(async () => {
      // Loop until stable: a directory (or a parent of it) created while a watcher was starting
      // raised no event on it, so look again after each switch.
      for (;;) {
        if (closed) return;
        const exists = isDir(dir);
        const want = exists ? 'dir' : 'ancestor';
        const target = exists ? dir : nearestExisting(dir);
        if (want === mode && target === currentTarget) return;
        const previousMode = mode;
        await current?.close();
        mode = want;
        currentTarget = target;
        current = await open(target);
        // The directory came or went (and entries created while switching would go unseen): re-read.
        if (previousMode !== undefined && previousMode !== want) onChange();
      }
    });
    return switching;
  }

  await reconsider();
  return {
    async close() {
      closed = true;
      await switching;
      await current?.close();
    },
  };
}
