// Shared types of the usage capability: usage by provider, the timers the
// poller runs on (injected so tests drive a fake clock), and the poller's public face.
import { setLongTimeout, type Timer } from '../util/timers.js';

import type { ProviderUsage } from '../../../src-shared/protocol/index.js';

export type { ProviderUsage, UsageWindow } from '../../../src-shared/protocol/index.js';

/** Usage per provider id; a provider is absent while it has no usable OAuth login. */
export type UsageByProvider = Partial<Record<string, ProviderUsage>>;

/** The clock and timers the poller uses; the default is the real ones, tests pass a fake. */
export interface UsageTimers {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: UsageTimers = {
  now: () => Date.now(),
  // Any delay (a long usage.refresh, a far Retry-After) without overflowing; never keeps the process alive.
  setTimeout: (callback, ms) => setLongTimeout(callback, ms),
  clearTimeout: (handle) => (handle as Timer).clear(),
};
