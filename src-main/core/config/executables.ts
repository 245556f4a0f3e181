import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

import type { Env } from './paths.js';

/**
 * Finds `command` the way a shell would: a path containing a slash is taken as is, a bare name is
 * looked up on PATH. Returns the absolute path of an executable file, or null.
 */
export function resolveExecutable(command: string, env: Env = process.env): string | null {
  const candidates = command.includes('/')
    ? [path.resolve(command)]
    : (env.PATH ?? '')
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, command));
  for (const candidate of candidates) {
    try {
      if (!statSync(candidate).isFile()) continue;
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; keep looking.
    }
  }
  return null;
}
