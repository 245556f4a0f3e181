// Reads a credential file that belongs to another program, defensively: it may be absent, a
// directory, a dangling symlink, unreadable, huge, or caught half-written (Codex writes auth.json
// with truncate+write, not atomically: docs/codex-cli.md#login-file). Opens read-only; never writes or changes a mode.
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';

/** Credential files are a few KiB; anything past this is not one. */
export const MAX_CREDENTIAL_FILE_BYTES = 1024 * 1024;

export type JsonFileRead =
  /** Nothing at the path. */
  | { kind: 'absent' }
  | { kind: 'json'; value: unknown }
  /** Empty or not valid JSON: may be mid-write, worth retrying for a moment. */
  | { kind: 'transient'; problem: string }
  /** Unusable for a reason a retry will not fix. */
  | { kind: 'bad'; problem: string };

const errno = (error: unknown) => (error as NodeJS.ErrnoException).code ?? 'error';

function describeOpenError(name: string, code: string): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `${name} cannot be read (permission denied)`;
    case 'ELOOP':
      return `${name} is a symlink loop`;
    case 'ENOTDIR':
      return `${name} is not reachable (a parent is not a directory)`;
    default:
      return `${name} cannot be read (${code})`;
  }
}

export type TextFileRead = { kind: 'absent' } | { kind: 'text'; text: string } | { kind: 'bad'; problem: string };

/** Reads and parses a JSON credential file; every failure is one line naming the file, never its content. */
export async function readJsonFile(file: string, maxBytes = MAX_CREDENTIAL_FILE_BYTES): Promise<JsonFileRead> {
  const read = await readCredentialText(file, maxBytes);
  if (read.kind !== 'text') return read;
  const name = path.basename(file);
  if (read.text.trim() === '') return { kind: 'transient', problem: `${name} is empty` };
  try {
    return { kind: 'json', value: JSON.parse(read.text) };
  } catch {
    return { kind: 'transient', problem: `${name} is not valid JSON` };
  }
}

/**
 * Reads another program's file (a credential file, Codex's config.toml) as text without blocking on
 * a FIFO and without reading past `maxBytes`; every failure is one line naming the file.
 */
export async function readCredentialText(file: string, maxBytes = MAX_CREDENTIAL_FILE_BYTES): Promise<TextFileRead> {
  const name = path.basename(file);
  let handle: fs.FileHandle;
  try {
    // O_NONBLOCK: a FIFO in place of the file must not hang the reader.
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = errno(error);
    if (code === 'ENOENT') {
      const link = await fs.lstat(file).catch(() => null);
      return link?.isSymbolicLink() ? { kind: 'bad', problem: `${name} is a symlink to nowhere` } : { kind: 'absent' };
    }
    return { kind: 'bad', problem: describeOpenError(name, code) };
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) return { kind: 'bad', problem: `${name} is a directory, not a file` };
    if (!stat.isFile()) return { kind: 'bad', problem: `${name} is not a regular file` };
    if (stat.size > maxBytes) {
      return { kind: 'bad', problem: `${name} is too large to be a credential file (${formatBytes(stat.size)})` };
    }
    const text = await handle.readFile({ encoding: 'utf8' });
    if (text.length > maxBytes) {
      return { kind: 'bad', problem: `${name} is too large to be a credential file (${formatBytes(text.length)})` };
    }
    return { kind: 'text', text };
  } catch (error) {
    const code = errno(error);
    if (code === 'EISDIR') return { kind: 'bad', problem: `${name} is a directory, not a file` };
    return { kind: 'bad', problem: describeOpenError(name, code) };
  } finally {
    await handle.close();
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** The value as a plain object, or null. */
export function asObject(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** A non-empty string, or undefined. */
export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
