import { describe, expect, it } from 'vitest';

import { formatDuration, parseDuration } from './format.js';

describe('parseDuration', () => {
  it.each([
    ['24h', 86_400_000],
    ['90m', 5_400_000],
    ['300s', 300_000],
    ['2d', 172_800_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', '24', 'h', '-1h', '1w', '1 hour'])('rejects %j', (text) => expect(parseDuration(text)).toBeNull());
});

describe('formatDuration', () => {
  it.each([
    [0, '0m'],
    [-5_000, '0m'],
    [59 * 60_000 + 59_000, '59m'],
    [3600_000, '1h 0m'],
    [4 * 3600_000 + 59 * 60_000, '4h 59m'],
    [24 * 3600_000, '1d 0h'],
    [2 * 86_400_000 + 15 * 3600_000 + 59 * 60_000, '2d 15h'],
    [9 * 86_400_000 + 23 * 3600_000, '9d 23h'],
  ])('%d ms is %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
});
