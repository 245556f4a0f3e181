import { describe, expect, it } from 'vitest';

import { formatAge, formatCountdown, formatExpiry, nextCountdownTick } from './time';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe('formatCountdown', () => {
  it('uses the CLI form above an hour and adds seconds in the last hour', () => {
    expect(formatCountdown(9 * D + 23 * H + 59 * M)).toBe('9d 23h');
    expect(formatCountdown(4 * H + 59 * M + 59 * S)).toBe('4h 59m');
    expect(formatCountdown(H)).toBe('1h 0m');
    expect(formatCountdown(H - 1)).toBe('59m 59s');
    expect(formatCountdown(12 * S + 999)).toBe('12s');
    expect(formatCountdown(-5 * S)).toBe('0s');
  });
});

describe('formatExpiry', () => {
  it('says how long is left, or how long ago it expired', () => {
    const now = Date.parse('2026-11-25T12:00:00Z');
    expect(formatExpiry(now + 9 * D + 23 * H + 30 * M, now)).toBe('expires in 9d 23h');
    expect(formatExpiry(now + 5 * M + 7 * S, now)).toBe('expires in 5m 7s');
    expect(formatExpiry(now - 3 * H - 2 * M, now)).toBe('expired 3h 2m ago');
    expect(formatExpiry(now, now)).toBe('expired 0m ago');
  });
});

describe('formatAge', () => {
  it('reads as just now under a minute, then as an age', () => {
    expect(formatAge(0, 30 * S)).toBe('just now');
    expect(formatAge(0, 12 * M)).toBe('12m old');
  });
});

describe('nextCountdownTick', () => {
  it('wakes just after the shown minute changes while more than an hour is left', () => {
    expect(nextCountdownTick(3 * H + 30 * S, 0)).toBe(30 * S + 1);
    expect(nextCountdownTick(3 * H, 0)).toBe(1);
  });

  it('never sleeps past the start of the last hour', () => {
    expect(nextCountdownTick(H + 20 * S, 0)).toBe(20 * S);
  });

  it('wakes every second in the last hour', () => {
    expect(nextCountdownTick(10 * M + 250, 0)).toBe(251);
    expect(nextCountdownTick(10 * M, 0)).toBe(1);
  });

  it('wakes once a minute after expiry', () => {
    expect(nextCountdownTick(0, 10 * S)).toBe(50 * S);
  });
});
