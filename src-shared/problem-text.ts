// Short human sentences for the problems clawbar shows (issue 14): a card says "Couldn't refresh
// automatically — the sign-in server can't be reached.", not `refresh failed: cannot reach
// 127.0.0.1:9: fetch failed`. The raw text stays in the log, in `detail`, and behind a disclosure.
// Pure and shared: the core fills a profile's `summary` with it; the UI uses it for usage and login errors.
import type { ProfileStatus, ProfileType } from './protocol/index.js';

// Words of a socket or DNS failure, whoever reported it (fetch, undici, Node, an SDK).
const NETWORK =
  /cannot reach|can't reach|unreachable|fetch failed|bad port|ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|socket hang up|network error/i;

/** The part of a detail before a ` — run: …` or `(run \`…\`)` hint: the fix is shown as its own button or hint. */
export function withoutRunHint(detail: string): string {
  return detail.replace(/\s+(—|-)\s+run:.*$/s, '').replace(/\s*\(run `[^`]*`\)\s*$/, '');
}

/** The first letter up, a full stop at the end. */
function sentence(text: string): string {
  const trimmed = text.trim().replace(/[.;:,]+$/, '');
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}.`;
}

function refreshFailure(reason: string): string {
  if (NETWORK.test(reason)) return "Couldn't refresh automatically — the sign-in server can't be reached.";
  if (/timed out|did not answer|within/i.test(reason)) return "Couldn't refresh automatically — it took too long.";
  return "Couldn't refresh automatically.";
}

/** What a credential is called in a sentence. */
function thing(type: ProfileType | undefined): string {
  if (type === 'api_key') return 'key';
  if (type === 'token') return 'token';
  return 'login';
}

export interface ProblemQuery {
  status: ProfileStatus;
  detail: string | null;
  type?: ProfileType;
}

/**
 * One short sentence for what is wrong with a profile, or null when nothing is (`ok`/`static`
 * without a note, `expiring` without one: its countdown says it all).
 */
export function problemSummary({ status, detail, type }: ProblemQuery): string | null {
  const raw = detail ? withoutRunHint(detail).trim() : '';
  const what = thing(type);
  if (/^rejected by|rejected the|token_revoked|invalid_auth|account_inactive/i.test(raw)) {
    return `The server rejected this ${what}.`;
  }
  if (/^token expired/i.test(raw)) return `The ${what} expired.`;
  // A refresh note rides on any status: the login may still work for a while.
  const refresh = /(?:^|— )(?:delegated )?refresh failed:?\s*(.*)$/is.exec(raw);
  if (refresh) return refreshFailure(refresh[1] ?? '');
  if (/logged out/i.test(raw)) return 'Logged out — link it again.';
  if (/^not logged in|is absent|^no credential|^not in auth-profiles/i.test(raw)) return 'Not logged in.';
  if (/^no key added|^no .* token\b|^not set$/i.test(raw)) return `No ${what} added.`;
  if (/not linked/i.test(raw)) return 'Not linked yet.';
  if (/is empty|is not valid JSON/i.test(raw)) return 'The credentials file is empty or half-written.';
  if (/permission denied/i.test(raw)) return "clawbar isn't allowed to read the credentials file.";
  if (/symlink|directory|not a regular file|too large|not reachable/i.test(raw)) {
    return "The credentials file can't be read safely.";
  }
  if (/carries no expiry|not a plausible time/i.test(raw)) return "The token's expiry can't be read.";
  if (NETWORK.test(raw)) return "Can't reach the server.";
  if (raw && !raw.includes(':') && raw.length <= 80) return sentence(raw);
  switch (status) {
    case 'expired':
      return `This ${what} stopped working.`;
    case 'missing':
      return `No usable ${what}.`;
    default:
      return raw ? 'Something needs a look.' : null;
  }
}

/** A usage fetch's failure as the glance says it; the raw error goes behind the disclosure. */
export function usageProblem(error: string): string {
  if (NETWORK.test(error)) return 'Usage server unreachable.';
  if (/rate limited|429/i.test(error)) return 'Usage server busy — trying again later.';
  if (/timed out/i.test(error)) return "Usage server didn't answer in time.";
  if (/rejected|401|403/i.test(error)) return 'Usage request rejected — log in again.';
  if (/server answered|blocked/i.test(error)) return 'Usage server error.';
  return 'Usage unavailable.';
}
