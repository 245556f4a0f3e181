import { describe, expect, it } from 'vitest';

import { createConnectThrottle, isLoopbackAddress } from './connect-throttle.js';

describe('connect throttle', () => {
  it('blocks an address after 5 failures in a minute, for a minute, doubling each time up to 15 min', () => {
    let now = 0;
    const throttle = createConnectThrottle({ now: () => now });
    const fail = (times: number) => {
      for (let i = 0; i < times; i++) throttle.failed('192.0.2.7');
    };
    fail(4);
    expect(throttle.blocked('192.0.2.7')).toBe(false);
    fail(1);
    expect(throttle.blocked('192.0.2.7')).toBe(true);
    expect(throttle.blocked('192.0.2.8')).toBe(false);
    now += 60_001;
    expect(throttle.blocked('192.0.2.7')).toBe(false);
    fail(5);
    now += 60_001;
    expect(throttle.blocked('192.0.2.7')).toBe(true);
    now += 60_000;
    expect(throttle.blocked('192.0.2.7')).toBe(false);
    for (let round = 0; round < 6; round++) fail(5);
    now += 15 * 60_000 - 1;
    expect(throttle.blocked('192.0.2.7')).toBe(true);
    now += 2;
    expect(throttle.blocked('192.0.2.7')).toBe(false);
  });

  it('forgets failures spread out over more than a minute, and all of them after a success', () => {
    let now = 0;
    const throttle = createConnectThrottle({ now: () => now });
    for (let i = 0; i < 8; i++) {
      throttle.failed('192.0.2.7');
      now += 20_000;
    }
    expect(throttle.blocked('192.0.2.7')).toBe(false);
    for (let i = 0; i < 4; i++) throttle.failed('192.0.2.9');
    throttle.succeeded('192.0.2.9');
    throttle.failed('192.0.2.9');
    expect(throttle.blocked('192.0.2.9')).toBe(false);
  });

  it('never throttles loopback peers, and remembers a bounded number of addresses', () => {
    const throttle = createConnectThrottle({ maxEntries: 2 });
    for (let i = 0; i < 50; i++) throttle.failed('127.0.0.1');
    expect(throttle.blocked('127.0.0.1')).toBe(false);
    for (const address of ['127.0.0.1', '127.8.9.1', '::1', '::ffff:127.0.0.1']) {
      expect(isLoopbackAddress(address)).toBe(true);
    }
    for (const address of ['192.0.2.1', '::ffff:192.0.2.1', 'fd00::2', '1270:0::1']) {
      expect(isLoopbackAddress(address)).toBe(false);
    }
    for (const address of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) for (let i = 0; i < 5; i++) throttle.failed(address);
    expect(throttle.blocked('192.0.2.1')).toBe(false);
    expect(throttle.blocked('192.0.2.3')).toBe(true);
  });
});
