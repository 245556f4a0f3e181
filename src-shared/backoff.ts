// Reconnect delays: quick first retries (a gateway restart takes a second), then slower, capped,
// with a little jitter so many tabs do not reconnect in lockstep.

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  /** 0..1 share of the delay that is randomised. */
  jitter?: number;
}

/** The delay before reconnect attempt `attempt` (1 = first retry). */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const initial = options.initialMs ?? 500;
  const max = options.maxMs ?? 8000;
  const jitter = options.jitter ?? 0.2;
  const base = Math.min(max, initial * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (1 - jitter + jitter * random()));
}
