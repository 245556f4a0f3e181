// Clocks for components: re-render exactly when a countdown's text changes, or once a minute.
import { useEffect, useState } from 'react';

import { nextCountdownTick } from './time';

/** The current time, refreshed whenever a countdown to `target` would show a new value. */
export function useCountdownNow(target: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (target === null) return undefined;
    const timer = setTimeout(() => setNow(Date.now()), nextCountdownTick(target, Date.now()));
    return () => clearTimeout(timer);
  }, [target, now]);
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
