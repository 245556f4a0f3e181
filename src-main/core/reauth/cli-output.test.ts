import { describe, expect, it } from 'vitest';

import { cleanLine, createDeviceCodeReader, extractLoginUrl, lastErrorLine } from './cli-output.js';

const CODEX_URL =
  'https://auth.openai.com/oauth/authorize?response_type=code&client_id=app_EMoamEEZ73f0CkXaXp7hrann&redirect_uri=http%3A%2F%2F127.0.0.1%3A1455%2Fauth%2Fcallback&code_challenge=8-JvLhm66fvhxkA7PT7y3YIu9I3-akQAlBGxj8CAPzA&code_challenge_method=S256&state=b9aZeHSr83EVOJ6uncN_79i71d66oe7Oi2ZwMJaZM84&scope=openid+profile+email+offline_access';

describe('reading CLI login output', () => {
  it('finds the authorize URL, not the local server line or a docs link', () => {
    expect(extractLoginUrl(CODEX_URL)).toBe(CODEX_URL);
    expect(extractLoginUrl(`\u001b[1m${CODEX_URL}\u001b[0m`)).toBe(CODEX_URL);
    expect(extractLoginUrl('Starting local login server on http://localhost:1455.')).toBeNull();
    expect(extractLoginUrl('See https://developers.openai.com/codex/concepts/sandboxing#prerequisites.')).toBeNull();
    expect(extractLoginUrl('   https://auth.openai.com/codex/device')).toBe('https://auth.openai.com/codex/device');
    expect(extractLoginUrl('visit (https://claude.ai/oauth/authorize?code=true&state=x).')).toBe(
      'https://claude.ai/oauth/authorize?code=true&state=x',
    );
    expect(extractLoginUrl('http://auth.openai.com/oauth/authorize?x')).toBeNull();
  });

  it('reads the device code after the one-time-code line', () => {
    const read = createDeviceCodeReader();
    expect(read('1. Open this link in your browser and sign in to your account')).toBeNull();
    expect(read('   https://auth.openai.com/codex/device')).toBeNull();
    expect(read('2. Enter this one-time code (expires in 15 minutes)')).toBeNull();
    expect(read('   \u001b[94mABCD-12345\u001b[0m')).toEqual({ userCode: 'ABCD-12345', expiresInMs: 15 * 60_000 });
    expect(read('ZZZZ-99999')).toBeNull();
    // Codex colours the lifetime grey; a block that does not say how long the code lasts reads as unknown.
    const other = createDeviceCodeReader();
    expect(other('2. Enter this one-time code \u001b[90m(expires in 1 hour)\u001b[0m')).toBeNull();
    expect(other('K7QD-PX2M9')).toEqual({ userCode: 'K7QD-PX2M9', expiresInMs: 3_600_000 });
    const silent = createDeviceCodeReader();
    expect(silent('Enter this one-time code: WXYZ-9876')).toEqual({ userCode: 'WXYZ-9876', expiresInMs: null });
  });

  it('picks the last error-looking line, ignoring the PATH-alias warning', () => {
    expect(lastErrorLine(['Starting local login server', 'Error logging in: Login was not completed', ''])).toBe(
      'Error logging in: Login was not completed',
    );
    expect(lastErrorLine(['something odd happened', 'WARNING: proceeding, even though …'])).toBe(
      'something odd happened',
    );
    expect(lastErrorLine([])).toBeNull();
    expect(cleanLine('\u001b[2m2026\u001b[0m x  ')).toBe('2026 x');
  });
});
