// The back-off a channel waits before retrying a login that could not reach its service: doubles
// from `minMs` up to `maxMs`, back to `minMs` once a login works. One pending retry at a time.
export interface RetryTimer {
  /** Runs `retry` after the current delay (replacing a pending one); returns that delay. */
  schedule(retry: () => void): number;
  reset(): void;
  cancel(): void;
}

export function createRetryTimer(minMs: number, maxMs = 5 * 60_000): RetryTimer {
  let delay = minMs;
  let timer: NodeJS.Timeout | null = null;
  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  return {
    schedule(retry) {
      cancel();
      const wait = delay;
      delay = Math.min(delay * 2, maxMs);
      timer = setTimeout(() => {
        timer = null;
        retry();
      }, wait);
      // A pending retry must not keep a CLI process or a test alive.
      timer.unref();
      return wait;
    },
    reset: () => void (delay = minMs),
    cancel,
  };
}
