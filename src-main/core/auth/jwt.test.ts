import { describe, expect, it } from 'vitest';

import { base64url, codexTokens, makeJwt } from '../../../test/fixtures/jwt.js';

import { decodeJwtPayload, openaiClaims } from './jwt.js';

describe('decodeJwtPayload', () => {
  it('decodes the payload of a real-shaped JWT', () => {
    expect(decodeJwtPayload(makeJwt({ exp: 1795640000, sub: 'u' }))).toEqual({ exp: 1795640000, sub: 'u' });
  });

  it('accepts padded segments and standard base64 characters', () => {
    const payload = Buffer.from(JSON.stringify({ exp: 1, note: '>>>???' })).toString('base64');
    expect(payload).toMatch(/[+/=]/);
    expect(decodeJwtPayload(`eyJhbGciOiJub25lIn0.${payload}.sig`)).toEqual({ exp: 1, note: '>>>???' });
  });

  it('returns null for anything that is not a JWT, without throwing', () => {
    for (const token of [
      '',
      'sk-test-123',
      'a.b',
      'a.b.c.d',
      `x.${base64url('[1,2]')}.y`,
      `x.${base64url('nope')}.y`,
      'x.!!!.y',
    ]) {
      expect(decodeJwtPayload(token)).toBeNull();
    }
    expect(decodeJwtPayload(42 as unknown as string)).toBeNull();
  });
});

describe('openaiClaims', () => {
  it('reads expiry, email, account and plan from a Codex access token', () => {
    const tokens = codexTokens({ expiresAt: 1_795_640_000_000, email: 'a@b.c', accountId: 'acct-9', plan: 'plus' });
    expect(openaiClaims(decodeJwtPayload(tokens.access_token)!)).toEqual({
      expiresAt: 1_795_640_000_000,
      // The fixture's token lives 10 days, as Codex's do.
      issuedAt: 1_795_640_000_000 - 10 * 24 * 3_600_000,
      email: 'a@b.c',
      accountId: 'acct-9',
      plan: 'plus',
    });
  });

  it('tells a missing exp (undefined) from a non-numeric one (null)', () => {
    expect(openaiClaims({}).expiresAt).toBeUndefined();
    expect(openaiClaims({ exp: '1795640000' }).expiresAt).toBeNull();
  });
});
