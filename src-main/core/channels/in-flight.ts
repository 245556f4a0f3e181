// The answers a channel is still working on: each one's failure is logged (never unhandled), and
// `stop()` gives them a moment to finish before the agent they wait on closes.
import { errorText } from './error-text.js';

import type { Logger } from '../log/logger.js';

export interface InFlight {
  /** Runs `task` to the end in the background; a failure is logged as "could not answer <what>". */
  track(task: Promise<void>, what: string): void;
  /** Resolves when every tracked task has settled, or after `ms`, whichever comes first. */
  drain(ms?: number): Promise<void>;
}

export function createInFlight(log: Logger): InFlight {
  const tasks = new Set<Promise<void>>();
  return {
    track(task, what) {
      const guarded = task.catch((error: unknown) => log.warn(`could not answer ${what}: ${errorText(error)}`));
      tasks.add(guarded);
      void guarded.finally(() => tasks.delete(guarded));
    },
    async drain(ms = 1000) {
      await Promise.race([Promise.allSettled([...tasks]), new Promise((r) => setTimeout(r, ms).unref())]);
    },
  };
}
