// Slows down guessing of the gateway token from other machines (gateway.bind beyond loopback):
// after a few failed `connect`s an address is refused for a while, longer each time, without its
// guesses being checked. Loopback peers are exempt — they are on this machine, where the token is
// 32 random bytes nobody can guess, and throttling them would let a local program lock the
// menu-bar app out.
import { isIP } from 'node:net';

export interface ConnectThrottle {
  /** True while `address` may not try again. */
  blocked(address: string | undefined): boolean;
  failed(address: string | undefined): void;
  succeeded(address: string | undefined): void;
}

export interface ConnectThrottleOptions {
  /** Failures within `windowMs` that block an address; default 5. */
  maxFailures?: number;
  windowMs?: number;
  /** First block; doubles with each further block, up to `maxBlockMs`. Default 60 s, 15 min. */
  blockMs?: number;
  maxBlockMs?: number;
  /** Addresses never throttled; default loopback. */
  exempt?: (address: string) => boolean;
  now?: () => number;
  /** Addresses remembered at most (oldest forgotten first); default 1 000. */
  maxEntries?: number;
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopbackAddress(address: string): boolean {
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || (isIP(plain) === 4 && plain.startsWith('127.'));
}

interface Entry {
  failures: number;
  windowStart: number;
  blockedUntil: number;
  blocks: number;
}

export function createConnectThrottle(options: ConnectThrottleOptions = {}): ConnectThrottle {
  const maxFailures = options.maxFailures ?? 5;
  const windowMs = options.windowMs ?? 60_000;
  const blockMs = options.blockMs ?? 60_000;
  const maxBlockMs = options.maxBlockMs ?? 15 * 60_000;
  const exempt = options.exempt ?? isLoopbackAddress;
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 1000;
  const entries = new Map<string, Entry>();
  const tracked = (address: string | undefined): address is string => address !== undefined && !exempt(address);

  return {
    blocked(address) {
      return tracked(address) && (entries.get(address)?.blockedUntil ?? 0) > now();
    },
    failed(address) {
      if (!tracked(address)) return;
      const at = now();
      let entry = entries.get(address);
      if (!entry) {
        if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
        entry = { failures: 0, windowStart: at, blockedUntil: 0, blocks: 0 };
        entries.set(address, entry);
      }
      if (at - entry.windowStart > windowMs) {
        entry.failures = 0;
        entry.windowStart = at;
      }
      entry.failures += 1;
      if (entry.failures >= maxFailures) {
        entry.blockedUntil = at + Math.min(blockMs * 2 ** entry.blocks, maxBlockMs);
        entry.blocks += 1;
        entry.failures = 0;
        entry.windowStart = at;
      }
    },
    succeeded(address) {
      if (tracked(address)) entries.delete(address);
    },
  };
}
