import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { waitFor } from '../../../test/fixtures/reauth-helpers.js';

import { writeFakeOpener } from './fake-opener.test-helper.js';
import { hasDisplay, openDashboardInBrowser, redirectPage } from './open-dashboard.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const home = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'clawbar-open-'));
  dirs.push(dir);
  return dir;
};

describe('opening the dashboard', () => {
  it('needs a display on Linux, never on macOS', () => {
    expect(hasDisplay({}, 'linux')).toBe(false);
    expect(hasDisplay({ DISPLAY: ':0' }, 'linux')).toBe(true);
    expect(hasDisplay({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(hasDisplay({}, 'darwin')).toBe(true);
  });

  it('opens nothing but loopback http URLs', async () => {
    const env = { DISPLAY: ':0', PATH: '/usr/bin:/bin' };
    for (const url of ['https://example.com/#token=x', 'http://example.com/', 'file:///etc/passwd', 'javascript:1']) {
      expect(await openDashboardInBrowser(url, { clawbarHome: home(), env, platform: 'linux' })).toBe('refused');
    }
  });

  it('says why it did not open: no display, no opener', async () => {
    const url = 'http://127.0.0.1:18789/#token=abc';
    expect(await openDashboardInBrowser(url, { clawbarHome: home(), env: {}, platform: 'linux' })).toBe('no-display');
    const noOpener = { DISPLAY: ':0', PATH: home() };
    expect(await openDashboardInBrowser(url, { clawbarHome: home(), env: noOpener, platform: 'linux' })).toBe(
      'no-opener',
    );
  });

  it('hands the opener a private redirect page, never the URL with the token', async () => {
    const opener = writeFakeOpener();
    const clawbarHome = home();
    try {
      const url = 'http://127.0.0.1:18789/#token=abc';
      const env = { DISPLAY: ':0', PATH: [opener.dir, path.dirname(process.execPath)].join(path.delimiter) };
      expect(await openDashboardInBrowser(url, { clawbarHome, env, platform: 'linux' })).toBe('opened');
      expect(await waitFor(() => existsSync(opener.record))).toBe(true);
      const page = path.join(clawbarHome, 'dashboard.html');
      expect(JSON.parse(readFileSync(opener.record, 'utf8'))).toEqual([page]);
      expect(statSync(page).mode & 0o777).toBe(0o600);
      expect(readFileSync(page, 'utf8')).toContain('url=http://127.0.0.1:18789/#token=abc');
    } finally {
      opener.cleanup();
    }
  });

  it('escapes the URL in the redirect page', () => {
    const page = redirectPage('http://127.0.0.1:1/#token="><script>');
    expect(page).not.toContain('"><script>');
    expect(page).toContain('&quot;&gt;&lt;script&gt;');
  });
});
