// The lines of a CLI's output as it prints them, plus a prompt that waits for input without a
// newline: `claude auth login` ends its output with `Paste code here if prompted > ` and then reads
// stdin (docs/claude-code.md#claude-auth-login). A plain line reader would hold that prompt back
// until the CLI exits, so a user at `clawbar relogin claude` would never see it.
import type { Readable } from 'node:stream';

/** Text left without a newline that asks for something: it ends in `>`, `:` or `?`. */
const PROMPT = /[>:?]\s*$/;
/** A CLI that prints this much without a newline is passed on in pieces rather than buffered whole. */
const MAX_PENDING = 64 * 1024;

/** Calls `onLine` with each line of `stream` (without its `\r\n`/`\n`), and at once with a trailing prompt. */
export function eachOutputLine(stream: Readable, onLine: (line: string) => void): void {
  let pending = '';
  // How much of `pending` was already passed on as a prompt.
  let shown = 0;
  const emit = (text: string) => {
    if (text) onLine(text);
  };
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      emit(pending.slice(shown, nl).replace(/\r$/, ''));
      pending = pending.slice(nl + 1);
      shown = 0;
    }
    if (pending.length > shown && (PROMPT.test(pending) || pending.length >= MAX_PENDING)) {
      emit(pending.slice(shown));
      shown = pending.length;
    }
    if (shown >= MAX_PENDING) {
      pending = '';
      shown = 0;
    }
  });
  stream.on('end', () => emit(pending.slice(shown)));
}
