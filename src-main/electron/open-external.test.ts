import { describe, expect, it } from 'vitest';

import { getLogSinks, setLogSinks } from '../core/log/logger.js';

import { safeOpenExternal } from './open-external.js';

function fakeShell() {
  const opened: string[] = [];
  return { opened, shell: { openExternal: async (url: string) => void opened.push(url) } };
}

describe('safeOpenExternal', () => {
  it('opens https URLs and http on loopback, normalised', async () => {
    const { opened, shell } = fakeShell();
    expect(await safeOpenExternal(shell, 'https://auth.openai.com/oauth/authorize?client_id=x')).toBe(true);
    expect(await safeOpenExternal(shell, 'HTTP://127.0.0.1:18789/#token=t')).toBe(true);
    expect(opened).toEqual(['https://auth.openai.com/oauth/authorize?client_id=x', 'http://127.0.0.1:18789/#token=t']);
  });

  it('refuses every other scheme, credentials in the URL and garbage', async () => {
    const { opened, shell } = fakeShell();
    for (const url of [
      'file:///Applications/Calculator.app',
      'javascript:alert(1)',
      'smb://evil/share',
      'data:text/html,<script>1</script>',
      'https://user:pass@example.com/',
      // Plain http leaves this machine unencrypted: the same policy as the CLI's opener.
      'http://example.com/',
      '/relative/path',
      '',
    ]) {
      expect(await safeOpenExternal(shell, url)).toBe(false);
    }
    expect(opened).toEqual([]);
  });

  it('logs a refused URL by its scheme only', async () => {
    const lines: string[] = [];
    const previous = getLogSinks();
    setLogSinks([(_record, line) => lines.push(line)]);
    try {
      const { shell } = fakeShell();
      await safeOpenExternal(shell, 'javascript:alert(document.cookie)');
      await safeOpenExternal(shell, 'https://user:hunter2@example.com/');
      await safeOpenExternal(shell, 'pasted-by-mistake hunter2');
    } finally {
      setLogSinks(previous);
    }
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('(javascript:…)');
    expect(lines[1]).toContain('(https:…)');
    expect(lines[2]).toContain('(no scheme…)');
    for (const line of lines) expect(line).not.toMatch(/alert|hunter2|pasted/);
  });
});
