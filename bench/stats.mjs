// Shared by the benches: one definition of percentile, median and rounding, so their numbers are
// comparable, and the unsigned JWTs the fake credential files carry.

/** Nearest-rank percentile (p in 0–100) of unsorted values. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const round = (n, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned JWT with these claims (clawbar only decodes payloads). */
export const fakeJwt = (claims) => `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}.${b64(`sig${Math.random()}`)}`;
