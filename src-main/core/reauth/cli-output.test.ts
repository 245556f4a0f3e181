import { describe, expect, it } from 'vitest';

import { CLAUDE_LOGIN } from '../providers/anthropic.js';
import { AWS_LOGIN } from '../providers/bedrock.js';
import { CODEX_LOGIN } from '../providers/openai-codex.js';

import { cleanLine, createDeviceCodeReader, extractLoginUrl, lastErrorLine } from './cli-output.js';

const [CODEX, CLAUDE, AWS] = [CODEX_LOGIN.loginHosts, CLAUDE_LOGIN.loginHosts, AWS_LOGIN.loginHosts] as const;

const CODEX_URL =
  'https://auth.openai.com/oauth/authorize?response_type=code&client_id=app_EMoamEEZ73f0CkXaXp7hrann&redirect_uri=http%3A%2F%2F127.0.0.1%3A1455%2Fauth%2Fcallback&code_challenge=8-JvLhm66fvhxkA7PT7y3YIu9I3-akQAlBGxj8CAPzA&code_challenge_method=S256&state=b9aZeHSr83EVOJ6uncN_79i71d66oe7Oi2ZwMJaZM84&scope=openid+profile+email+offline_access';

describe('reading CLI login output', () => {
  it('finds the authorize URL, not the local server line or a docs link', () => {
    expect(extractLoginUrl(CODEX_URL, CODEX)).toBe(CODEX_URL);
    expect(extractLoginUrl(`\u001b[1m${CODEX_URL}\u001b[0m`, CODEX)).toBe(CODEX_URL);
    expect(extractLoginUrl('Starting local login server on http://localhost:1455.', CODEX)).toBeNull();
    expect(
      extractLoginUrl('See https://developers.openai.com/codex/concepts/sandboxing#prerequisites.', CODEX),
    ).toBeNull();
    expect(extractLoginUrl('   https://auth.openai.com/codex/device', CODEX)).toBe(
      'https://auth.openai.com/codex/device',
    );
    expect(extractLoginUrl('visit (https://claude.ai/oauth/authorize?code=true&state=x).', CLAUDE)).toBe(
      'https://claude.ai/oauth/authorize?code=true&state=x',
    );
    expect(extractLoginUrl('http://auth.openai.com/oauth/authorize?x', CODEX)).toBeNull();
    // A page carrying credentials is never opened.
    expect(extractLoginUrl('https://user:pw@auth.openai.com/oauth/authorize?x', CODEX)).toBeNull();
  });

  it('finds the AWS sign-in pages of aws sso login in any region, and no other amazonaws.com host', () => {
    const authorize =
      'https://oidc.eu-west-1.amazonaws.com/authorize?response_type=code&client_id=abc&redirect_uri=http%3A%2F%2F127.0.0.1%3A41235%2Foauth%2Fcallback&state=x&code_challenge_method=S256&scopes=sso%3Aaccount%3Aaccess&code_challenge=y';
    expect(extractLoginUrl(authorize, AWS)).toBe(authorize);
    expect(extractLoginUrl('https://device.sso.us-east-1.amazonaws.com/', AWS)).toBe(
      'https://device.sso.us-east-1.amazonaws.com/',
    );
    expect(extractLoginUrl('https://oidc.cn-north-1.amazonaws.com.cn/authorize?x', AWS)).not.toBeNull();
    expect(extractLoginUrl('https://evil-bucket.s3.amazonaws.com/authorize', AWS)).toBeNull();
    expect(extractLoginUrl('https://oidc.us-east-1.amazonaws.com.evil.example/authorize', AWS)).toBeNull();
  });

  it('reads the AWS CLI’s device code after “Then enter the code:”', () => {
    const read = createDeviceCodeReader(AWS_LOGIN.codePrompt);
    expect(read('https://device.sso.us-east-1.amazonaws.com/')).toBeNull();
    expect(read('Then enter the code:')).toBeNull();
    expect(read('')).toBeNull();
    expect(read('SQKM-TWXP')).toEqual({ userCode: 'SQKM-TWXP', expiresInMs: null });
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
