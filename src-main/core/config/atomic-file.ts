// Writes clawbar's own files: atomically, 0600, in a 0700 directory that is really clawbar's.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

import { OwnFileError } from './own-files.js';

/**
 * Creates `dir` (and parents) with mode 0700; tightens an existing dir that is looser. Refuses a
 * `dir` that is not a directory, or a symlink or directory of another user (whoever owns it could
 * swap the files clawbar writes there). A link of the user's own (a dotfiles setup) is followed.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error; // something else is in its place: said below
  });
  const uid = process.getuid?.();
  const link = await fs.lstat(dir);
  const stat = link.isSymbolicLink() ? await fs.stat(dir) : link;
  if (!stat.isDirectory()) throw new OwnFileError(dir, `${dir} is not a directory`);
  if (uid !== undefined && (link.uid !== uid || stat.uid !== uid)) {
    throw new OwnFileError(
      dir,
      `${dir} belongs to another user: clawbar keeps its files only in a directory of its own`,
    );
  }
  if ((stat.mode & 0o077) !== 0) await fs.chmod(dir, 0o700);
}

/**
 * Writes `data` to `file` atomically: a temp file in the same directory, fsync, rename, then
 * fsync of the directory. The file gets mode 0600 inside a 0700 directory. A crash at any point
 * leaves either the old file or the new one, never a mix.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  await ensurePrivateDir(dir);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await fs.rename(tmp, file);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
  await syncDir(dir);
}

/** JSON flavour of {@link writeFileAtomic}: two-space indent and a trailing newline. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}

async function syncDir(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some file systems (and Windows) refuse fsync on directories; the rename is still atomic.
  } finally {
    await handle?.close();
  }
}
