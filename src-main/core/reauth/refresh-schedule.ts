// When a refresh falls due: one timer to the due time, re-evaluated whenever the profiles change.
import { setLongTimeout, type Timer } from '../util/timers.js';

import type { AuthEngine } from '../auth/types.js';

export interface RefreshScheduleOptions {
  auth: Pick<AuthEngine, 'onChanged'>;
  clock: () => number;
  /** When the next refresh is due (epoch ms), or null when there is nothing to refresh. */
  dueAt: () => number | null;
  /** Starts a refresh when it falls due (the refresher's own `refresh`, which goes through `once`). */
  run: () => Promise<unknown>;
}

export interface RefreshSchedule<T> {
  start(): void;
  /** Stops the timer and waits for a refresh that is running. */
  stop(): Promise<void>;
  /**
   * Runs `attempt` unless a refresh is already running, in which case the caller joins that one.
   * Nothing is scheduled while it runs; when it ends, `dueAt()` is evaluated again.
   */
  once(attempt: () => Promise<T>): Promise<T>;
}

/**
 * Runs a refresh when it falls due, re-evaluating whenever the auth profiles change. One timer,
 * no polling. Shared by the delegated (Codex app-server) and own-login refreshers.
 */
export function createRefreshSchedule<T>(options: RefreshScheduleOptions): RefreshSchedule<T> {
  let timer: Timer | undefined;
  let inFlight: Promise<T> | null = null;
  let unsubscribe: (() => void) | null = null;
  let started = false;

  function reschedule(): void {
    timer?.clear();
    timer = undefined;
    if (!started || inFlight) return;
    const due = options.dueAt();
    if (due === null) return;
    const wait = due - options.clock();
    if (wait <= 0) {
      // A failed refresh is the refresher's to report; the schedule only retries when due again.
      void options.run().catch(() => undefined);
      return;
    }
    timer = setLongTimeout(reschedule, wait);
  }

  return {
    start() {
      if (started) return;
      started = true;
      unsubscribe = options.auth.onChanged(() => reschedule());
      reschedule();
    },
    async stop() {
      started = false;
      timer?.clear();
      unsubscribe?.();
      unsubscribe = null;
      await inFlight?.catch(() => undefined);
    },
    once(attempt) {
      if (inFlight) return inFlight;
      inFlight = attempt().finally(() => {
        inFlight = null;
        reschedule();
      });
      return inFlight;
    },
  };
}
