import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { MAX_TIMER_MS, setLongTimeout } from './timers.js';

const DAY = 86_400_000;

describe('setLongTimeout', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('waits 30 days for a 30-day delay instead of firing at once (setTimeout overflows past 2^31-1 ms)', () => {
    const fired = vi.fn();
    setLongTimeout(fired, 30 * DAY);
    vi.advanceTimersByTime(1000);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(MAX_TIMER_MS);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(30 * DAY - MAX_TIMER_MS - 1001);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(2);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('fires a short delay once, on time', () => {
    const fired = vi.fn();
    setLongTimeout(fired, 50);
    vi.advanceTimersByTime(49);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10 * DAY);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('fires a negative or NaN delay as soon as possible and never fires an infinite one', () => {
    const soon = vi.fn();
    const never = vi.fn();
    setLongTimeout(soon, -5);
    setLongTimeout(soon, Number.NaN);
    setLongTimeout(never, Number.POSITIVE_INFINITY);
    vi.advanceTimersByTime(1);
    expect(soon).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1000 * DAY);
    expect(never).not.toHaveBeenCalled();
  });

  it('can be cleared before it fires, also between the links of a chain', () => {
    const fired = vi.fn();
    const short = setLongTimeout(fired, 10);
    short.clear();
    const long = setLongTimeout(fired, 60 * DAY);
    vi.advanceTimersByTime(MAX_TIMER_MS + 5);
    long.clear();
    vi.advanceTimersByTime(100 * DAY);
    expect(fired).not.toHaveBeenCalled();
  });
});
