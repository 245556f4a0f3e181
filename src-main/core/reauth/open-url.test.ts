import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { checkOpenableUrl, createUrlOpener } from './open-url.js';
import { captureLogs, waitFor } from './testing/helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A PATH dir holding a fake `xdg-open` that records its arguments. */
function fakeOpener(): { dir: string; record: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'clawbar-opener-'));
  dirs.push(dir);
  const record = path.join(dir, 'opened.json');
  writeFileSync(
    path.join(dir, 'xdg-open'),
    `#!/usr/bin/env node\nrequire('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), env: Object.keys(process.env) }));\n`,
  );
  writeFileSync(path.join(dir, 'package.json'), '{"type":"commonjs"}');
  chmodSync(path.join(dir, 'xdg-open'), 0o755);
  return { dir, record };
}

describe('open-url', () => {
  it('accepts https anywhere and http only on loopback', () => {
    expect(checkOpenableUrl('https://auth.openai.com/oauth/authorize?x=1')).not.toBeNull();
    expect(checkOpenableUrl('http://127.0.0.1:18789/#token=abc')).not.toBeNull();
    expect(checkOpenableUrl('http://localhost:1455/')).not.toBeNull();
    for (const bad of [
      'http://example.com/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'ssh://host',
      'not a url',
      'https://user:pw@example.com/',
      '--help',
    ]) {
      expect(checkOpenableUrl(bad), bad).toBeNull();
    }
  });

  it('runs xdg-open with the URL as its only argument', async () => {
    const { dir, record } = fakeOpener();
    const open = createUrlOpener({
      platform: 'linux',
      env: { PATH: `${dir}:${process.env.PATH}`, CLAWBAR_GATEWAY_TOKEN: 'gateway-token-0123456789', LANG: 'C' },
    });
    const url = 'https://auth.openai.com/oauth/authorize?a=1&b=$(touch /tmp/x)';
    await open(url);
    expect(await waitFor(() => existsSync(record))).toBe(true);
    const seen = JSON.parse(readFileSync(record, 'utf8')) as { argv: string[]; env: string[] };
    expect(seen.argv).toEqual([new URL(url).href]);
    // The opener (and the browser it starts) never sees clawbar's secrets.
    expect(seen.env).toContain('LANG');
    expect(seen.env).not.toContain('CLAWBAR_GATEWAY_TOKEN');
  });

  it('refuses a URL that is not https, without running anything', () => {
    const { dir, record } = fakeOpener();
    const open = createUrlOpener({ platform: 'linux', env: { PATH: dir } });
    expect(() => open('http://example.com/phish')).toThrow(/refusing to open/);
    expect(existsSync(record)).toBe(false);
  });

  it('logs a line and does nothing where no opener exists', async () => {
    const logs = captureLogs();
    try {
      const open = createUrlOpener({ platform: 'linux', env: { PATH: '/nonexistent' } });
      await open('https://auth.openai.com/oauth/authorize');
      expect(logs.lines).toEqual(['[reauth] no browser opener (xdg-open) here: open the URL yourself']);
    } finally {
      logs.restore();
    }
  });
});
