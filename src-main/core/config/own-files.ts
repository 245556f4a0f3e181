// The one door for reading clawbar's own files (config, token, auth-profiles, secrets.json, state,
// sessions, locks) and appending to its log. Any of them may be something else by now: a FIFO
// (a plain read would block for ever, and the process with it), a symlink (to /dev/zero, or to a
// file of another user that a chmod or an append would then change), a device, or huge. So a file
// is opened without following a final symlink and without blocking, must be a regular file, and is
// read up to a cap. Every refusal is one line naming the path.
import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  promises as fs,
  renameSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import path from 'node:path';

import type { ClawbarPaths } from './paths.js';

/** What clawbar's own files may weigh at most (config, profiles, state, one session); the log is rotated instead. */
export const MAX_OWN_FILE_BYTES = 1024 * 1024;

/** An own file that is not what it should be; the message is one line naming the path. */
export class OwnFileError extends Error {
  override name = 'OwnFileError';
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

const errno = (error: unknown) => (error as NodeJS.ErrnoException).code ?? 'error';

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a file';
}

function formatSize(bytes: number): string {
  const trim = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  return bytes >= 1024 * 1024 ? `${trim(bytes / (1024 * 1024))} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

function refusal(file: string, code: string): OwnFileError {
  switch (code) {
    case 'ELOOP':
      return new OwnFileError(
        file,
        `${file} is a symlink: clawbar does not follow links for its own files — replace it with the file itself`,
      );
    case 'EACCES':
    case 'EPERM':
      return new OwnFileError(file, `${file} cannot be read (permission denied)`);
    case 'EISDIR':
      return new OwnFileError(file, `${file} is not a regular file (a directory)`);
    default:
      return new OwnFileError(file, `${file} cannot be read (${code})`);
  }
}

export interface ReadOwnFileOptions {
  /** Default {@link MAX_OWN_FILE_BYTES}. */
  maxBytes?: number;
  /** Tighten the file to 0600 through the open handle when others may read it (the token file). */
  tightenMode?: boolean;
}

/**
 * Reads one of clawbar's own files as UTF-8: null when absent; an {@link OwnFileError} when it is a
 * symlink, not a regular file, unreadable or larger than the cap.
 */
export async function readOwnFile(file: string, options: ReadOwnFileOptions = {}): Promise<string | null> {
  const maxBytes = options.maxBytes ?? MAX_OWN_FILE_BYTES;
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    if (errno(error) === 'ENOENT') return null;
    throw refusal(file, errno(error));
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new OwnFileError(file, `${file} is not a regular file (${kindOf(stat)})`);
    if (stat.size > maxBytes) {
      throw new OwnFileError(file, `${file} is too large (${formatSize(stat.size)}; at most ${formatSize(maxBytes)})`);
    }
    if (options.tightenMode && (stat.mode & 0o077) !== 0) await handle.chmod(0o600);
    // Read at most one byte past the cap: a file that grows meanwhile is still refused, not slurped.
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === buffer.length) break;
    }
    if (length > maxBytes) throw new OwnFileError(file, `${file} is too large (over ${formatSize(maxBytes)})`);
    return buffer.subarray(0, length).toString('utf8');
  } catch (error) {
    if (error instanceof OwnFileError) throw error;
    throw refusal(file, errno(error));
  } finally {
    await handle.close();
  }
}

/**
 * Appends `text` to one of clawbar's own files (the log), creating it with mode 0600. A symlink or
 * FIFO in its place is removed and a fresh file written instead — appending through it would write
 * into whatever it points at. Rotates the file to `<file>.1` once it exceeds `rotateAtBytes`.
 * Throws on failure (the caller decides whether a lost line matters).
 */
export function appendOwnFileSync(file: string, text: string, rotateAtBytes = Infinity): void {
  const flags =
    constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW | constants.O_NONBLOCK;
  let fd: number;
  try {
    fd = openSync(file, flags, 0o600);
  } catch (error) {
    if (errno(error) !== 'ELOOP' && errno(error) !== 'ENXIO') throw error;
    // A symlink (ELOOP) or a FIFO without a reader (ENXIO): unlink removes the entry itself, never its target.
    unlinkSync(file);
    fd = openSync(file, flags | constants.O_EXCL, 0o600);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new OwnFileError(file, `${file} is not a regular file (${kindOf(stat)})`);
    if (stat.size > rotateAtBytes) {
      closeSync(fd);
      fd = -1;
      renameSync(file, `${file}.1`);
      appendOwnFileSync(file, text);
      return;
    }
    writeSync(fd, text);
  } finally {
    if (fd !== -1) closeSync(fd);
  }
}

/** One directory or file clawbar keeps under `$CLAWBAR_HOME`. */
export interface OwnEntry {
  path: string;
  kind: 'dir' | 'file';
  /** Holds a secret (the token, keys, the WhatsApp device, conversations): readable by others is a leak. */
  secret: boolean;
}

/** Every directory and file clawbar keeps under `$CLAWBAR_HOME`: what start-up tightens and `doctor` checks. */
export async function ownEntries(paths: ClawbarPaths): Promise<OwnEntry[]> {
  const dir = (p: string): OwnEntry => ({ path: p, kind: 'dir', secret: false });
  const file = (p: string, secret = false): OwnEntry => ({ path: p, kind: 'file', secret });
  const entries: OwnEntry[] = [
    ...[paths.home, paths.stateDir, paths.sessionsDir, paths.logsDir, paths.lockDir, paths.whatsappDir].map(dir),
    file(paths.config),
    file(paths.authProfiles),
    file(paths.gatewayToken, true),
    file(path.join(paths.home, 'secrets.json'), true),
    // The redirect page carries the dashboard URL, and with it the token.
    file(path.join(paths.home, 'dashboard.html'), true),
    file(paths.gatewayLog),
    file(`${paths.gatewayLog}.1`),
  ];
  // Whatever clawbar wrote into its own directories (state files and the history database, sessions,
  // locks, the WhatsApp device's keys).
  for (const [parent, secret] of [
    [paths.stateDir, false],
    [paths.sessionsDir, true],
    [paths.lockDir, false],
    [paths.whatsappDir, true],
  ] as const) {
    const names = await fs.readdir(parent).catch(() => [] as string[]);
    for (const name of names.sort()) entries.push(file(path.join(parent, name), secret));
  }
  return entries;
}

export interface OwnEntryProblem extends OwnEntry {
  /** `is 644 (want 600)`, `is a symlink`, `is not a regular file (a FIFO)`. */
  problem: string;
  /** The permission bits of a regular file or directory that is too loose; absent for the other problems. */
  mode?: number;
}

/** What is wrong with clawbar's own files and directories (absent ones are fine). Never follows a link. */
export async function ownEntryProblems(paths: ClawbarPaths): Promise<OwnEntryProblem[]> {
  const problems: OwnEntryProblem[] = [];
  for (const entry of await ownEntries(paths)) {
    const stat = await fs.lstat(entry.path).catch(() => null);
    if (!stat) continue;
    // The home itself may be a link the user made (dotfiles); what is inside it may not.
    if (stat.isSymbolicLink() && entry.path !== paths.home) {
      problems.push({ ...entry, problem: 'is a symlink' });
      continue;
    }
    const real = stat.isSymbolicLink() ? await fs.stat(entry.path).catch(() => null) : stat;
    if (!real) continue;
    if (entry.kind === 'dir' ? !real.isDirectory() : !real.isFile()) {
      const wanted = entry.kind === 'dir' ? 'directory' : 'regular file';
      problems.push({ ...entry, problem: `is not a ${wanted} (${kindOf(real)})` });
      continue;
    }
    const mode = real.mode & 0o777;
    if ((mode & 0o077) !== 0) {
      problems.push({
        ...entry,
        problem: `is ${mode.toString(8)} (want ${entry.kind === 'dir' ? '700' : '600'})`,
        mode,
      });
    }
  }
  return problems;
}

/**
 * Tightens every own file to 0600 and directory to 0700 (what a loose umask, a copy or an old version
 * left behind). Links and odd entries are left alone (doctor reports them). Returns what it fixed.
 */
export async function tightenOwnEntries(paths: ClawbarPaths): Promise<string[]> {
  const fixed: string[] = [];
  for (const problem of await ownEntryProblems(paths)) {
    if (problem.mode === undefined) continue;
    try {
      await fs.chmod(problem.path, problem.kind === 'dir' ? 0o700 : 0o600);
      fixed.push(problem.path);
    } catch {
      // Not ours to change (another owner): doctor still reports it.
    }
  }
  return fixed;
}
