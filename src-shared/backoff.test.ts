import { describe, expect, it } from 'vitest';

import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from half a second up to the cap', () => {
    const noJitter = { jitter: 0 };
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => backoffDelay(n, noJitter))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });

  it('spreads retries by up to the jitter share, never above the base delay', () => {
    expect(backoffDelay(3, { jitter: 0.2 }, () => 0)).toBe(1600);
    expect(backoffDelay(3, { jitter: 0.2 }, () => 1)).toBe(2000);
  });
});
