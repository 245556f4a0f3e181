// Splits a byte stream into JSONL lines without decoding what it does not need: a line is decoded
// (and later parsed) only when it contains one of the markers its reader looks for, so the
// multi-kilobyte prompt and tool-output lines of a session log cost a memchr, not a JSON.parse.
// A line longer than the cap is skipped, never buffered whole; an unterminated last line is left
// for the next read.

export interface LineSplitterOptions {
  /** Byte strings one of which a line must contain to be handed on. */
  markers: readonly string[];
  /** Lines longer than this are skipped (default 16 MiB). */
  maxLineBytes?: number;
  onLine(line: string): void;
}

export interface LineSplitter {
  /** Feeds the next bytes of the stream. */
  push(chunk: Buffer): void;
  /** Bytes consumed so far: the end of the last complete line (skipped ones included). */
  readonly consumed: number;
  /** Lines longer than the cap that were skipped. */
  readonly skippedLong: number;
}

export function createLineSplitter(options: LineSplitterOptions): LineSplitter {
  const markers = options.markers.map((m) => Buffer.from(m));
  const maxLineBytes = options.maxLineBytes ?? 16 * 1024 * 1024;
  let carry: Buffer[] = [];
  // Bytes of the current unterminated line seen so far (carried, or skipped when too long).
  let pending = 0;
  let skipping = false;
  let consumed = 0;
  let skippedLong = 0;

  const emit = (line: Buffer): void => {
    for (const marker of markers) {
      if (line.includes(marker)) {
        options.onLine(line.toString('utf8'));
        return;
      }
    }
  };

  return {
    push(chunk) {
      let start = 0;
      for (;;) {
        const newline = chunk.indexOf(10, start);
        if (newline === -1) break;
        if (skipping) {
          skipping = false;
        } else if (pending + newline - start > maxLineBytes) {
          skippedLong++;
        } else if (pending > 0) {
          emit(Buffer.concat([...carry, chunk.subarray(start, newline)]));
        } else {
          emit(chunk.subarray(start, newline));
        }
        // Only a newline moves the offset: it always ends a complete line.
        consumed += pending + newline + 1 - start;
        carry = [];
        pending = 0;
        start = newline + 1;
      }
      const rest = chunk.length - start;
      if (rest === 0) return;
      pending += rest;
      if (skipping) return;
      if (pending > maxLineBytes) {
        // Too long to ever hand on: forget what was carried and skip to the line's end.
        skippedLong++;
        skipping = true;
        carry = [];
      } else {
        // Copy: the caller may reuse the chunk's memory for its next read.
        carry.push(Buffer.from(chunk.subarray(start)));
      }
    },
    get consumed() {
      return consumed;
    },
    get skippedLong() {
      return skippedLong;
    },
  };
}
