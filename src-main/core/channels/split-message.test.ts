import { describe, expect, it } from 'vitest';

import { splitMessage } from './split-message.js';

describe('splitMessage', () => {
  it('keeps a short answer whole', () => {
    expect(splitMessage('hello')).toEqual(['hello']);
  });

  it('cuts a long answer into chunks under 2000 characters at line boundaries, losing nothing', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `line ${i} ${'x'.repeat(20)}`);
    const text = lines.join('\n');
    const chunks = splitMessage(text);
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) expect(chunk.length).toBeLessThan(2000);
    expect(chunks.join('\n')).toBe(text);
  });

  it('hard-cuts a text without spaces', () => {
    const text = 'a'.repeat(5000);
    const chunks = splitMessage(text);
    expect(chunks).toHaveLength(3);
    for (const chunk of chunks) expect(chunk.length).toBeLessThanOrEqual(1990);
    expect(chunks.join('')).toBe(text);
  });

  it('closes and reopens a code block cut in two', () => {
    const code = Array.from({ length: 200 }, (_, i) => `const v${i} = ${i};`).join('\n');
    const chunks = splitMessage(`Here:\n\`\`\`ts\n${code}\n\`\`\`\nDone.`);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThan(2000);
      expect((chunk.match(/```/g) ?? []).length % 2).toBe(0);
    }
    expect(chunks[1]!.startsWith('```ts\n')).toBe(true);
  });
});
