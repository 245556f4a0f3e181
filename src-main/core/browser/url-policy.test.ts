import { describe, expect, it } from 'vitest';

import { checkOpenableUrl, refusedUrlMessage } from './url-policy.js';

describe('the URL policy', () => {
  it('accepts https anywhere and http only on loopback', () => {
    expect(checkOpenableUrl('https://auth.openai.com/oauth/authorize?x=1')).not.toBeNull();
    expect(checkOpenableUrl('http://127.0.0.1:18789/#token=abc')).not.toBeNull();
    expect(checkOpenableUrl('http://localhost:1455/')).not.toBeNull();
    expect(checkOpenableUrl('http://[::1]:1455/')).not.toBeNull();
    for (const bad of [
      'http://example.com/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'file:///Applications/Calculator.app',
      'ssh://host',
      'smb://evil/share',
      'ftp://example.com',
      'data:text/html,<script>1</script>',
      'not a url',
      '/relative/path',
      '',
      'https://user:pw@example.com/',
      'http://user@127.0.0.1:18789/',
      '--help',
    ]) {
      expect(checkOpenableUrl(bad), bad).toBeNull();
    }
  });

  it('answers with the normalised URL', () => {
    expect(checkOpenableUrl('https://example.com/a b')?.href).toBe('https://example.com/a%20b');
    expect(checkOpenableUrl('HTTP://127.0.0.1:18789/#token=t')?.href).toBe('http://127.0.0.1:18789/#token=t');
  });

  it('keeps a URL with clawbar’s token on this machine', () => {
    const opts = { loopbackOnly: true };
    expect(checkOpenableUrl('http://127.0.0.1:18789/#token=t', opts)).not.toBeNull();
    expect(checkOpenableUrl('https://localhost:18789/#token=t', opts)).not.toBeNull();
    expect(checkOpenableUrl('https://example.com/#token=t', opts)).toBeNull();
  });

  it('names only the scheme of a refused URL', () => {
    expect(refusedUrlMessage('javascript:alert(document.cookie)')).toMatch(/^refusing to open .*\(javascript:…\)$/);
    expect(refusedUrlMessage('pasted-by-mistake hunter2')).toMatch(/\(no scheme…\)$/);
    expect(refusedUrlMessage('https://user:hunter2@example.com/')).not.toContain('hunter2');
  });
});
