// The one way clawbar finds a program to run (codex, claude, the browser opener): a shell-like
// PATH search that never picks a package's own `node_modules/.bin`. npm scripts, `npx clawbar`
// and `npm exec` put those first on PATH, and a checkout's holds the devDependency `codex`: found
// there, `doctor` would report, and `relogin` would run, the development copy instead of the
// user's own CLI.
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

import type { Env } from './paths.js';

/** A PATH entry npm put there for a package's scripts (`…/node_modules/.bin`), never a user's install dir. */
export function isPackageBinDir(dir: string): boolean {
  const parts = path.resolve(dir).split(path.sep);
  return parts.at(-1) === '.bin' && parts.at(-2) === 'node_modules';
}

/** The PATH directories clawbar searches, in order: `env.PATH` without package bin dirs. */
export function searchPath(env: Env = process.env): string[] {
  return (env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== '' && !isPackageBinDir(dir));
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds `command` the way a shell would, minus package bin dirs: a path containing a slash is
 * taken as is, a bare name is looked up on {@link searchPath}. Returns the absolute path of an
 * executable file, or null.
 */
export function resolveExecutable(command: string, env: Env = process.env): string | null {
  const candidates = command.includes('/')
    ? [path.resolve(command)]
    : searchPath(env).map((dir) => path.join(dir, command));
  return candidates.find(isExecutableFile) ?? null;
}

/**
 * What to hand `spawn` for a configured command: the resolved file for a bare name (spawn's own
 * PATH search would find `node_modules/.bin` first), null when no such name is on the PATH. A
 * path is passed on as it is, so a missing or non-executable file is reported by spawn itself
 * (`ENOENT`, `EACCES`) and the caller's message can tell the two apart.
 */
export function executableToSpawn(command: string, env: Env = process.env): string | null {
  return command.includes('/') ? path.resolve(command) : resolveExecutable(command, env);
}
