import { existsSync, readFileSync } from 'node:fs';

import { afterEach, describe, expect, it } from 'vitest';

import { captureLogs, waitFor } from '../../../test/fixtures/reauth-helpers.js';

import { writeFakeOpener, type FakeOpener } from './fake-opener.test-helper.js';
import { createUrlOpener } from './open-url.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function fakeOpener(): FakeOpener {
  const fake = writeFakeOpener();
  cleanups.push(fake.cleanup);
  return fake;
}

describe('open-url', () => {
  it('runs xdg-open with the URL as its only argument', async () => {
    const { dir, record, envRecord } = fakeOpener();
    const open = createUrlOpener({
      platform: 'linux',
      env: { PATH: `${dir}:${process.env.PATH}`, CLAWBAR_GATEWAY_TOKEN: 'gateway-token-0123456789', LANG: 'C' },
    });
    const url = 'https://auth.openai.com/oauth/authorize?a=1&b=$(touch /tmp/x)';
    await open(url);
    expect(await waitFor(() => existsSync(record))).toBe(true);
    expect(JSON.parse(readFileSync(record, 'utf8'))).toEqual([new URL(url).href]);
    // The opener (and the browser it starts) never sees clawbar's secrets.
    const envKeys = JSON.parse(readFileSync(envRecord, 'utf8')) as string[];
    expect(envKeys).toContain('LANG');
    expect(envKeys).not.toContain('CLAWBAR_GATEWAY_TOKEN');
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
      expect(logs.lines).toEqual(['[browser] no browser opener (xdg-open) here: open the URL yourself']);
    } finally {
      logs.restore();
    }
  });
});
