import type { AuthEngine } from '../auth/types.js';

// A timer longer than this is re-armed instead (setTimeout overflows past 2^31 ms).
const MAX_TIMER_MS = 60 * 60 * 1000;

export interface RefreshScheduleOptions {
  auth: Pick<AuthEngine, 'onChanged'>;
  clock: () => number;
  /** When the next refresh is due (epoch ms), or null when there is nothing to refresh. */
  dueAt: () => number | null;
  /** True while a refresh runs: nothing is scheduled then; call `reschedule()` when it ends. */
  busy: () => boolean;
  /** Starts a refresh; must not throw. */
  run: () => void;
}

export interface RefreshSchedule {
  start(): void;
  stop(): void;
  /** Re-evaluates `dueAt()` now (after a refresh ended). */
  reschedule(): void;
}

/**
 * Runs a refresh when it falls due, re-evaluating whenever the auth profiles change. One timer,
 * no polling. Shared by the delegated (Codex app-server) and own-login refreshers.
 */
export function createRefreshSchedule(options: RefreshScheduleOptions): RefreshSchedule {
  let timer: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | null = null;
  let started = false;

  function reschedule(): void {
    clearTimeout(timer);
    timer = undefined;
    if (!started || options.busy()) return;
    const due = options.dueAt();
    if (due === null) return;
    const wait = due - options.clock();
    if (wait <= 0) {
      options.run();
      return;
    }
    timer = setTimeout(reschedule, Math.min(wait, MAX_TIMER_MS));
    timer.unref();
  }

  return {
    start() {
      if (started) return;
      started = true;
      unsubscribe = options.auth.onChanged(() => reschedule());
      reschedule();
    },
    stop() {
      started = false;
      clearTimeout(timer);
      unsubscribe?.();
      unsubscribe = null;
    },
    reschedule,
  };
}
