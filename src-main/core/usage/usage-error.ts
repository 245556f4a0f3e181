// Why a usage fetch failed, in a form the poller can act on (`kind`) and a user can read (`message`).

export type UsageErrorKind =
  | 'rejected' // 401/403: the token is dead
  | 'rate-limited' // 429
  | 'http' // any other non-2xx status
  | 'network' // connection refused, reset, DNS
  | 'timeout'
  | 'too-large'
  | 'invalid' // not JSON, or not the shape the endpoint documents
  | 'aborted'; // the caller cancelled

export class UsageError extends Error {
  override name = 'UsageError';
  constructor(
    readonly kind: UsageErrorKind,
    message: string,
    /** HTTP status when the server answered. */
    readonly status: number | null = null,
    /** From `Retry-After` on a 429, in ms; null when absent or unreadable. */
    readonly retryAfterMs: number | null = null,
    /** The raw cause behind a short message (`127.0.0.1:9: ECONNREFUSED`), for the log only. */
    readonly detail: string | null = null,
  ) {
    super(message);
  }
}
