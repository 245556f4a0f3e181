// One GET returning JSON, with the limits a menu-bar app needs: a timeout (a hanging server must
// not hang the CLI or a poll) and a body cap (a runaway body is never buffered whole).
import { errorMessage } from '../../../src-shared/error-message.js';
import { parseRetryAfter } from '../util/retry-after.js';

import { UsageError } from './usage-error.js';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** The real bodies are well under 2 KiB; 1 MiB leaves room without letting a bad server fill memory. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface GetJsonOptions {
  headers: Record<string, string>;
  timeoutMs?: number;
  maxBodyBytes?: number;
  /** Cancels the request (the CLI's overall deadline, the poller's stop()). */
  signal?: AbortSignal;
  /** Used to turn an HTTP-date `Retry-After` into a delay. */
  now?: () => number;
}

// undici's own codes say little to a user; system codes (ECONNREFUSED, ENOTFOUND) are searchable as they are.
const UNDICI_CODES: Record<string, string> = {
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
  UND_ERR_HEADERS_OVERFLOW: 'response headers too large',
};

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return UNDICI_CODES[cause.code] ?? cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return errorMessage(error);
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => {});
    throw new UsageError('too-large', `response larger than ${maxBytes} bytes`, response.status);
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new UsageError('too-large', `response larger than ${maxBytes} bytes`, response.status);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * GETs `url` and parses the body as JSON. Throws a UsageError for every failure: non-2xx
 * (`rejected` for 401/403, `rate-limited` with `retryAfterMs` for 429), timeout, oversized or
 * malformed body, network error, or cancellation through `signal`.
 */
export async function getJson(url: string, options: GetJsonOptions): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const fail = (error: unknown): never => {
    if (error instanceof UsageError) throw error;
    if (options.signal?.aborted) throw new UsageError('aborted', 'cancelled');
    if (timeout.aborted) throw new UsageError('timeout', `timed out after ${formatSeconds(timeoutMs)}`);
    // "fetch failed" or "bad port" says nothing to a user; the cause goes to the log.
    throw new UsageError(
      'network',
      'usage server unreachable',
      null,
      null,
      `${hostOf(url)}: ${describeNetworkError(error)}`,
    );
  };

  let response: Response;
  try {
    response = await fetch(url, { method: 'GET', headers: options.headers, signal, redirect: 'error' });
  } catch (error) {
    return fail(error);
  }
  try {
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      const status = response.status;
      if (status === 403 && isEdgeBlock(response)) {
        // A CDN challenge page, not the API judging the token: marking the login dead would be wrong.
        throw new UsageError('http', "blocked by the server's edge (403 challenge page)", status);
      }
      if (status === 401 || status === 403) {
        throw new UsageError('rejected', `rejected by server (${status})`, status);
      }
      if (status === 429) {
        const now = options.now?.() ?? Date.now();
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
        throw new UsageError('rate-limited', 'rate limited (429)', status, retryAfterMs);
      }
      throw new UsageError('http', `server answered ${status}`, status);
    }
    const text = await readCapped(response, maxBytes);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new UsageError('invalid', 'invalid response: not JSON', response.status);
    }
  } catch (error) {
    return fail(error);
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** chatgpt.com is behind Cloudflare: a challenge is 403 with HTML (docs/usage-endpoints.md#errors-and-retry-after). */
function isEdgeBlock(response: Response): boolean {
  return (
    response.headers.has('cf-mitigated') ||
    (response.headers.get('content-type') ?? '').toLowerCase().includes('text/html')
  );
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
