// Clocks for components: re-render exactly when a countdown's text changes, or once a minute.
import { useEffect, useState } from 'react';

import { nextCountdownTick } from '../../src-shared/format';

/** The current time, refreshed whenever a countdown to `target` would show a new value. */
export function useCountdownNow(target: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (target === null) return undefined;
    // One self-rescheduling timer per countdown: each wake-up lands just after the shown text
    // changes, so a countdown costs one timer a minute, or one a second in its last hour.
    let timer: ReturnType<typeof setTimeout>;
    const schedule = () => {
      timer = setTimeout(
        () => {
          setNow(Date.now());
          schedule();
        },
        nextCountdownTick(target, Date.now()),
      );
    };
    schedule();
    return () => clearTimeout(timer);
  }, [target]);
  return now;
}

/** The current time, refreshed every `periodMs` (default one minute). */
export function useNow(periodMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs]);
  return now;
}
