// Reads one CLI log file for the scanners, read-only and defensively: the path must be a regular
// file (a symlink or FIFO planted in the tree is refused, and O_NONBLOCK keeps a FIFO from hanging
// the open), content comes in 1 MiB chunks from a given offset, and Codex's compressed rollouts
// (`.jsonl.zst`, docs/cli-logs.md) are decompressed as a stream.
import { createHash } from 'node:crypto';
import { constants, promises as fs, type Stats } from 'node:fs';

import { Decompress } from 'fzstd';

const CHUNK = 1024 * 1024;
/** How many leading bytes identify a file's content (its first line's start). */
export const HEAD_BYTES = 1024;

export interface OpenLog {
  stat: Stats;
  compressed: boolean;
  /** The logical (decompressed) content as chunks, starting at byte `from`. */
  chunks(from: number): AsyncGenerator<Buffer>;
  /** sha256 (hex) of the first `length` logical bytes; null when the content is shorter. */
  headHash(length: number): Promise<string | null>;
  close(): Promise<void>;
}

export const hashBytes = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Opens `file` for reading; null when it is not a regular file (or vanished). */
export async function openLog(file: string): Promise<OpenLog | null> {
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  const stat = await handle.stat();
  if (!stat.isFile()) {
    await handle.close();
    return null;
  }
  const compressed = file.endsWith('.zst');
  const size = stat.size;

  async function* plain(from: number): AsyncGenerator<Buffer> {
    // One buffer for the whole read: consumers copy what they keep (the line splitter does).
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (let position = from; position < size;) {
      const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK, size - position), position);
      if (bytesRead === 0) return;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  }

  async function* decompressed(from: number): AsyncGenerator<Buffer> {
    const out: Buffer[] = [];
    const zstd = new Decompress((data) => {
      out.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    });
    let skip = from;
    for await (const chunk of plain(0)) {
      // fzstd may keep a reference to its input: give it its own copy of the shared read buffer.
      zstd.push(Uint8Array.from(chunk));
      for (const piece of out.splice(0)) {
        if (skip >= piece.length) {
          skip -= piece.length;
        } else {
          yield piece.subarray(skip);
          skip = 0;
        }
      }
    }
    zstd.push(new Uint8Array(0), true);
    for (const piece of out.splice(0)) {
      if (skip >= piece.length) skip -= piece.length;
      else {
        yield piece.subarray(skip);
        skip = 0;
      }
    }
  }

  const chunks = compressed ? decompressed : plain;
  return {
    stat,
    compressed,
    chunks,
    async headHash(length) {
      if (length === 0) return hashBytes(new Uint8Array(0));
      const head = Buffer.alloc(length);
      let have = 0;
      for await (const chunk of chunks(0)) {
        const take = Math.min(chunk.length, length - have);
        chunk.copy(head, have, 0, take);
        have += take;
        if (have === length) break;
      }
      return have === length ? hashBytes(head) : null;
    },
    close: () => handle.close(),
  };
}
