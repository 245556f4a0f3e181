import { describe, expect, it } from 'vitest';

import { classifyCliRefreshFailure, classifyRefreshFailure, refreshFailureDetail } from './refresh-failure.js';

describe('refresh failures', () => {
  it('maps each dead-refresh-token code and Codex 0.169 sentence to its code', () => {
    // The sentences are the real binary's strings (Your access token could not be refreshed …).
    const cases: [string, string][] = [
      ['refresh_token_reused', 'refresh_token_reused'],
      [
        'Your access token could not be refreshed because your refresh token was already used. Please log out and sign in again.',
        'refresh_token_reused',
      ],
      [
        'Your refresh token has already been used to generate a new access token. Please try signing in again.',
        'refresh_token_reused',
      ],
      ['refresh_token_expired', 'refresh_token_expired'],
      [
        'Your access token could not be refreshed because your refresh token has expired. Please log out and sign in again.',
        'refresh_token_expired',
      ],
      ['refresh_token_invalidated', 'refresh_token_invalidated'],
      [
        'Your access token could not be refreshed because your refresh token was revoked. Please log out and sign in again.',
        'refresh_token_invalidated',
      ],
      [
        'Your access token could not be refreshed because you have since logged out or signed in to another account. Please sign in again.',
        'refresh_token_invalidated',
      ],
    ];
    for (const [text, code] of cases) expect([text, classifyRefreshFailure(text)]).toEqual([text, code]);
  });

  it('leaves passing trouble unclassified, so the login stays refreshable', () => {
    expect(classifyRefreshFailure('cannot reach auth.openai.com: ECONNREFUSED', undefined, null)).toBeNull();
    expect(classifyRefreshFailure('token endpoint answered 503')).toBeNull();
    expect(classifyCliRefreshFailure(['Failed to refresh token status=503 Service Unavailable'])).toBeNull();
  });

  it('reads the app-server log: a 401 from the token endpoint is final, a named code wins', () => {
    expect(
      classifyCliRefreshFailure([
        '2026-11-29T22:11:05.490074Z ERROR codex_login::auth::manager: Failed to refresh token status=401 Unauthorized',
      ]),
    ).toBe('refused');
    expect(classifyCliRefreshFailure(['status=401', 'code: refresh_token_expired'])).toBe('refresh_token_expired');
  });

  it('says the one action that fixes it', () => {
    expect(refreshFailureDetail('refresh_token_reused', 'codex login')).toBe(
      'refresh failed: refresh_token_reused — log in again (run: codex login)',
    );
    expect(refreshFailureDetail('refused', 'clawbar auth login openai-codex')).toBe(
      'refresh failed: the server refused the refresh token (401) — log in again (run: clawbar auth login openai-codex)',
    );
  });
});
