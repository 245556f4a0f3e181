// JWT payload decoding. clawbar never verifies signatures (the provider does that); it only reads
// the claims a token carries about itself: expiry, email, account and plan.
import { plausibleEpochSeconds } from '../util/plausible-time.js';

/** Claims clawbar reads from Codex / OpenAI tokens (docs/codex-cli.md#jwt-claims). */
export interface TokenClaims {
  /** `exp` in epoch ms; undefined when absent, null when present but not a plausible time (see plausible-time.ts). */
  expiresAt?: number | null;
  /** `iat` in epoch ms, when present and plausible. */
  issuedAt?: number;
  email?: string;
  accountId?: string;
  plan?: string;
}

/**
 * Decodes the payload of a JWT. Tolerant of missing or extra `=` padding and of standard base64
 * characters; returns null for anything that is not three dot-separated segments whose middle one
 * is a JSON object — never throws.
 */
export function decodeJwtPayload(token: string): Record<string, unknown> | null {
  if (typeof token !== 'string') return null;
  const parts = token.trim().split('.');
  if (parts.length !== 3 || !parts[1]) return null;
  const segment = parts[1].replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  if (!/^[\w-]+$/.test(segment)) return null;
  try {
    const payload: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return payload && typeof payload === 'object' && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const obj = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** Reads expiry, email, account id and plan from decoded OpenAI claims (access or id token). */
export function openaiClaims(payload: Record<string, unknown>): TokenClaims {
  const auth = obj(payload['https://api.openai.com/auth']);
  const profile = obj(payload['https://api.openai.com/profile']);
  const claims: TokenClaims = {};
  if ('exp' in payload) {
    claims.expiresAt = plausibleEpochSeconds(payload.exp);
  }
  const issuedAt = 'iat' in payload ? plausibleEpochSeconds(payload.iat) : null;
  if (issuedAt !== null) claims.issuedAt = issuedAt;
  const email = str(payload.email) ?? str(profile.email);
  const accountId = str(auth.chatgpt_account_id);
  const plan = str(auth.chatgpt_plan_type);
  if (email) claims.email = email;
  if (accountId) claims.accountId = accountId;
  if (plan) claims.plan = plan;
  return claims;
}
