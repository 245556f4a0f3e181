import { describe, expect, it } from 'vitest';

import {
  compactCountdown,
  formatAgo,
  formatCountdown,
  formatDuration,
  formatExpiry,
  nextCountdownTick,
  parseDuration,
  percentLeft,
} from './format.js';

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

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

describe('formatAgo', () => {
  it('reads as just now under a minute, then as how long ago', () => {
    expect(formatAgo(0, 30 * S)).toBe('just now');
    expect(formatAgo(0, 2 * M + 59 * S)).toBe('2m ago');
    expect(formatAgo(0, 3 * H + 5 * M)).toBe('3h 5m ago');
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

describe('one rounding rule: what is left is rounded down', () => {
  it('shows the same text for the same moment in every form (card, log, tray, CLI)', () => {
    // 9 d 23 h 59 m 59 s left: no form may say 10 days.
    const left = 10 * D - S;
    expect(formatDuration(left)).toBe('9d 23h');
    expect(formatCountdown(left)).toBe('9d 23h');
    expect(formatExpiry(left, 0)).toBe('expires in 9d 23h');
    expect(compactCountdown(left)).toBe('9d');
    expect(compactCountdown(2 * D - S)).toBe('47h');
    expect(compactCountdown(59 * M + 59 * S)).toBe('59m');
    expect(compactCountdown(-5)).toBe('0m');
  });

  it('rounds a percent left down, within 0–100', () => {
    expect(percentLeft(52.7)).toBe(52);
    expect(percentLeft(100 - 47.3)).toBe(52);
    expect(percentLeft(52.99999999999)).toBe(53);
    expect(percentLeft(53)).toBe(53);
    expect(percentLeft(99.99)).toBe(99);
    expect(percentLeft(100)).toBe(100);
    expect(percentLeft(-3)).toBe(0);
    expect(percentLeft(140)).toBe(100);
    expect(percentLeft(Number.NaN)).toBe(0);
  });
});
