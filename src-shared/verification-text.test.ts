import { describe, expect, it } from 'vitest';

import { verificationText } from './verification-text.js';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const ago = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();

describe('verificationText', () => {
  it('says when the server last accepted the token', () => {
    expect(verificationText({ verifiedAt: ago(4), probe: { result: 'verified', at: ago(4) } }, NOW)).toBe(
      'verified 4m ago',
    );
    expect(verificationText({ verifiedAt: ago(0.5), probe: { result: 'verified', at: ago(0.5) } }, NOW)).toBe(
      'verified just now',
    );
    // A gateway clock a little ahead of this one is not "in the future".
    expect(verificationText({ verifiedAt: new Date(NOW + 5_000).toISOString() }, NOW)).toBe('verified just now');
  });

  it('says when the server rejected it, whatever was verified before', () => {
    const rejected = { verifiedAt: ago(32), probe: { result: 'rejected' as const, at: ago(2), detail: 'x' } };
    expect(verificationText(rejected, NOW)).toBe('rejected by the server 2m ago');
  });

  it('keeps an earlier verification beside a check that could not reach the server', () => {
    const probe = { result: 'unverified' as const, at: ago(1), detail: 'usage server unreachable' };
    expect(verificationText({ probe }, NOW)).toBe('unverified 1m ago (usage server unreachable)');
    expect(verificationText({ verifiedAt: ago(31), probe }, NOW)).toBe(
      'verified 31m ago · unverified 1m ago (usage server unreachable)',
    );
  });

  it('says nothing about a token never checked, or a time it cannot read', () => {
    expect(verificationText({}, NOW)).toBeNull();
    expect(verificationText({ verifiedAt: 'garbage' }, NOW)).toBeNull();
  });
});
