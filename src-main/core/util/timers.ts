// One timer for any delay. Node's setTimeout keeps its delay in a signed 32-bit integer: anything
// past 2^31-1 ms (about 24.8 days) — or NaN, or a negative number — fires after 1 ms instead, so a
// long computed delay (a config duration, a token that expires in a month, a server's Retry-After)
// turns into a busy loop. Every computed delay in clawbar is scheduled through here.

/** The longest delay one Node timer holds. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface Timer {
  /** Cancels the timer; harmless after it fired. */
  clear(): void;
}

/**
 * Calls `callback` once after `ms` milliseconds, however large (chained through timers of at most
 * {@link MAX_TIMER_MS}). A delay that is negative or not a number fires as soon as possible; an
 * infinite one never does. The timer never keeps the process alive (`unref`) unless `ref` is set.
 */
export function setLongTimeout(callback: () => void, ms: number, options: { ref?: boolean } = {}): Timer {
  let handle: NodeJS.Timeout | undefined;
  let cleared = false;
  const due = Date.now() + (Number.isNaN(ms) ? 0 : Math.max(0, ms));
  const arm = () => {
    if (due === Infinity) return;
    const left = Math.max(0, due - Date.now());
    const chained = left > MAX_TIMER_MS;
    handle = setTimeout(
      () => {
        handle = undefined;
        if (cleared) return;
        if (chained) arm();
        else callback();
      },
      chained ? MAX_TIMER_MS : left,
    );
    if (!options.ref) handle.unref();
  };
  arm();
  return {
    clear() {
      cleared = true;
      if (handle) clearTimeout(handle);
      handle = undefined;
    },
  };
}

/** A promise that resolves after `ms` (any size, as {@link setLongTimeout}); keeps the process alive meanwhile. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setLongTimeout(resolve, ms, { ref: true }));
}
