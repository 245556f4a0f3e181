import { PassThrough } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { eachOutputLine } from './output-lines.js';

function reader() {
  const stream = new PassThrough();
  const lines: string[] = [];
  eachOutputLine(stream, (line) => lines.push(line));
  const write = (text: string) => new Promise<void>((resolve) => stream.write(text, () => setImmediate(resolve)));
  return { stream, lines, write };
}

describe('CLI output lines', () => {
  it("passes on claude's code prompt at once, though it has no newline, and only once", async () => {
    const { stream, lines, write } = reader();
    await write(
      "Opening browser to sign in…\nIf the browser didn't open, visit: https://claude.com/cai/oauth/authorize?x=1\n",
    );
    await write('Paste code here if prompted > ');
    expect(lines).toEqual([
      'Opening browser to sign in…',
      "If the browser didn't open, visit: https://claude.com/cai/oauth/authorize?x=1",
      'Paste code here if prompted > ',
    ]);
    await write('\nLogin successful.\r\n');
    stream.end();
    await new Promise((resolve) => stream.once('end', resolve));
    expect(lines.slice(3)).toEqual(['Login successful.']);
  });

  it('joins a line split across chunks, and keeps text that asks for nothing until its newline', async () => {
    const { lines, write } = reader();
    await write('https://auth.openai.com/oauth/auth');
    expect(lines).toEqual([]);
    await write('orize?state=abc\n');
    expect(lines).toEqual(['https://auth.openai.com/oauth/authorize?state=abc']);
  });

  it('passes on the last line without a newline when the stream ends', async () => {
    const { stream, lines } = reader();
    stream.end('Successfully logged in');
    await new Promise((resolve) => stream.once('end', resolve));
    expect(lines).toEqual(['Successfully logged in']);
  });

  it('does not hold an endless line: it is passed on once 64 KiB have piled up', async () => {
    const { lines, write } = reader();
    await write('x'.repeat(200 * 1024));
    expect(lines.length).toBeGreaterThanOrEqual(1);
    expect(lines.every((line) => line.length <= 200 * 1024)).toBe(true);
    expect(lines.join('').length).toBeGreaterThanOrEqual(64 * 1024);
  });
});
