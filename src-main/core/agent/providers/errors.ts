// Provider failures in the terms failover needs: an HTTP status (401/403 → next profile,
// 429 → cool down for Retry-After), a network failure, or a cancelled request. The SDKs and the
// Codex client throw errors carrying `status` and `headers`; this reads them without importing
// any of them.
import { redact } from '../../log/logger.js';
import { boundedWaitMs, parseRetryAfter as parseHttpRetryAfter } from '../../util/retry-after.js';

export type ProviderFailureKind = 'auth' | 'rate-limit' | 'http' | 'network' | 'aborted' | 'other';

export interface ProviderFailure {
  kind: ProviderFailureKind;
  status: number | null;
  /** From `retry-after-ms` / `Retry-After` (seconds or an HTTP date), when the server sent one. */
  retryAfterMs: number | null;
  /** One line, safe to show: anything shaped like a credential is redacted (a server may echo one). */
  message: string;
}

function headerValue(headers: unknown, name: string): string | null {
  if (!headers || typeof headers !== 'object') return null;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : null;
}

/**
 * Parses `retry-after-ms` (OpenAI's SDKs send it) and `Retry-After` (delta seconds or an HTTP date)
 * into ms from `now`, bounded to a day (util/retry-after.ts).
 */
export function parseRetryAfter(headers: unknown, now: number): number | null {
  const ms = headerValue(headers, 'retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number(ms) >= 0) {
    const bounded = boundedWaitMs(Number(ms));
    if (bounded !== null) return bounded;
  }
  return parseHttpRetryAfter(headerValue(headers, 'retry-after'), now);
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 300);
}

const NETWORK_ERRORS = new Set([
  'APIConnectionError',
  'APIConnectionTimeoutError',
  'CodexConnectionError',
  'TypeError',
  'TimeoutError',
]);

/** The header naming the usage limit a Codex request counted against (docs/usage-endpoints.md#which-limit-a-model-uses). */
export const ACTIVE_LIMIT_HEADER = 'x-codex-active-limit';

/**
 * The limit id a server named in a response's or an error's headers, normalised as Codex does
 * (lower case, `-` as `_`); null when absent or not a plausible id.
 */
export function activeLimitOf(headers: unknown): string | null {
  const raw = headerValue(headers, ACTIVE_LIMIT_HEADER)?.trim().toLowerCase().replace(/-/g, '_');
  return raw && /^[a-z0-9_.]{1,100}$/.test(raw) ? raw : null;
}

/** The limit id an error's headers name (see activeLimitOf). */
export function activeLimitOfError(error: unknown): string | null {
  return activeLimitOf((error as { headers?: unknown } | null)?.headers);
}

/** Classifies anything a provider client threw. */
export function classifyProviderError(error: unknown, now: number = Date.now()): ProviderFailure {
  const e = (error ?? {}) as { name?: unknown; status?: unknown; headers?: unknown; message?: unknown };
  // openai's errors keep `name` = 'Error'; their class name says what happened.
  const ownName = typeof e.name === 'string' ? e.name : '';
  const name = ownName && ownName !== 'Error' ? ownName : ((error as object | null)?.constructor?.name ?? '');
  const message = redact(firstLine(typeof e.message === 'string' ? e.message : String(error)));
  if (name === 'AbortError' || name === 'APIUserAbortError') {
    return { kind: 'aborted', status: null, retryAfterMs: null, message: 'cancelled' };
  }
  const status = typeof e.status === 'number' ? e.status : null;
  if (status === 401 || status === 403) return { kind: 'auth', status, retryAfterMs: null, message };
  if (status === 429) return { kind: 'rate-limit', status, retryAfterMs: parseRetryAfter(e.headers, now), message };
  if (status !== null) return { kind: 'http', status, retryAfterMs: null, message };
  // TypeError is fetch's network failure; TimeoutError an AbortSignal timeout.
  if (NETWORK_ERRORS.has(name)) {
    return { kind: 'network', status: null, retryAfterMs: null, message };
  }
  return { kind: 'other', status: null, retryAfterMs: null, message };
}
