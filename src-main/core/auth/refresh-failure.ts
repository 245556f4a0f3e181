// Why a refresh failed, read from what the token endpoint or the CLI said (issue 18, honest
// health): the three answers that mean the refresh token is dead and only a new login helps, as
// OpenAI's token endpoint codes them and as Codex 0.169 words them (strings of the real binary).
// Anything else (a timeout, a 5xx) may pass: it is not classified and the login stays refreshable.

export type RefreshFailureCode = 'refresh_token_reused' | 'refresh_token_expired' | 'refresh_token_invalidated';

// Codex's sentences ("Your access token could not be refreshed because your refresh token was
// already used / has expired / was revoked", "…you have since logged out or signed in to another
// account") and the endpoint's codes.
const PATTERNS: [RefreshFailureCode, RegExp][] = [
  ['refresh_token_reused', /refresh_token_reused|refresh token was already used|already been used/i],
  ['refresh_token_expired', /refresh_token_expired|refresh token has expired/i],
  [
    'refresh_token_invalidated',
    /refresh_token_invalidated|refresh token was revoked|logged out or signed in to another account/i,
  ],
];

/** The dead-refresh-token code a message or an OAuth error code names, or null. */
export function classifyRefreshFailure(...texts: (string | undefined | null)[]): RefreshFailureCode | null {
  for (const text of texts) {
    if (!text) continue;
    for (const [code, pattern] of PATTERNS) if (pattern.test(text)) return code;
  }
  return null;
}

/**
 * The dead-refresh-token code in a CLI's output; `refused` when it only says the token endpoint
 * answered 401 (what `codex app-server` logs: `Failed to refresh token status=401 Unauthorized` —
 * Codex treats every 401 there as final, and so does clawbar).
 */
export function classifyCliRefreshFailure(lines: readonly string[]): RefreshFailureCode | 'refused' | null {
  return (
    classifyRefreshFailure(...lines) ??
    (lines.some((line) => /refresh token status=401\b/i.test(line)) ? 'refused' : null)
  );
}

/** The profile detail of a dead refresh token, with the one action that fixes it. */
export function refreshFailureDetail(code: RefreshFailureCode | 'refused', loginCommand: string): string {
  const what = code === 'refused' ? 'the server refused the refresh token (401)' : code;
  return `refresh failed: ${what} — log in again (run: ${loginCommand})`;
}
