import { describe, expect, it } from 'vitest';

import { createHeldQueue, OVERALL, PER_CONVERSATION, preview, type HeldMessage } from './owner-queue.js';

const message = (sessionKey: string, text: string): HeldMessage => ({
  sessionKey,
  text,
  answer: async () => undefined,
  tell: async () => undefined,
});

describe('held messages', () => {
  it('keeps 5 per conversation: the 6th drops that conversation’s oldest, not another’s', () => {
    const queue = createHeldQueue();
    expect(PER_CONVERSATION).toBe(5);
    queue.hold(message('b', 'b1'));
    for (let i = 1; i <= 5; i++) expect(queue.hold(message('a', `a${i}`))).toEqual([]);
    const dropped = queue.hold(message('a', 'a6'));
    expect(dropped.map((m) => m.text)).toEqual(['a1']);
    expect(queue.take().map((m) => m.text)).toEqual(['b1', 'a2', 'a3', 'a4', 'a5', 'a6']);
    expect(queue.size()).toBe(0);
  });

  it('keeps at most the overall cap, dropping the oldest of all', () => {
    const queue = createHeldQueue({ overall: 3 });
    queue.hold(message('a', '1'));
    queue.hold(message('b', '2'));
    queue.hold(message('c', '3'));
    expect(queue.hold(message('d', '4')).map((m) => m.text)).toEqual(['1']);
    expect(queue.take().map((m) => m.text)).toEqual(['2', '3', '4']);
  });

  it('has a default overall cap that holds across many conversations', () => {
    const queue = createHeldQueue();
    const dropped: string[] = [];
    for (let i = 0; i < OVERALL + 7; i++) dropped.push(...queue.hold(message(`s${i}`, String(i))).map((m) => m.text));
    expect(queue.size()).toBe(OVERALL);
    expect(dropped).toEqual(['0', '1', '2', '3', '4', '5', '6']);
  });

  it('previews a message in one short line', () => {
    expect(preview('  hello\n  there ')).toBe('hello there');
    expect(preview('x'.repeat(100))).toHaveLength(40);
  });
});
