// The glance (issue 14) in Chromium against a real `clawbar gateway`: the popover at the menu-bar
// app's window size (360 × 480, POPOVER_SIZE) and the dashboard at 1100 px, light and dark, each checked for the headline ("Codex works · login
// expires in 5h …" from the login the agent uses), a problem row with its fix, the freshness line
// and the footer — and for anything sticking out horizontally. The screenshots are this test's
// artefacts (test-results/glance-…/glance-<size>-<scheme>.png).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { expect, test } from '@playwright/test';

import { POPOVER_SIZE } from '../src-main/electron/window-options.js';
import { makeExpiringCodexHome } from '../test/fixtures/expiring-codex-home.js';
import { freePort, gatewayEnv, startGateway, type GatewayProcess } from '../test/fixtures/gateway-process.js';
import { claudeCredentialsJson } from '../test/fixtures/jwt.js';
import { overflow, PAGE_SIZES } from '../test/fixtures/page-overflow.js';
import { type TempHome } from '../test/fixtures/temp-home.js';
import { codexBodyFromNow, startUsageServer, type UsageServer } from '../test/fixtures/usage-server.js';

const TOKEN = 'e2e-glance-token-0123456789abcdef01';
const HOUR = 3_600_000;

test.describe.configure({ mode: 'serial' });

let home: TempHome;
let usage: UsageServer;
let gateway: GatewayProcess | null = null;
let port: number;

test.beforeAll(async () => {
  home = await makeExpiringCodexHome('clawbar-e2e-glance-');
  // Claude's login expired 3 h ago and has no refresh token: dead, its fix is a new login.
  const claude = JSON.parse(claudeCredentialsJson({ expiresAt: Date.now() - 3 * HOUR })) as {
    claudeAiOauth: Record<string, unknown>;
  };
  delete claude.claudeAiOauth.refreshToken;
  await mkdir(home.claudeDir, { recursive: true, mode: 0o700 });
  await writeFile(path.join(home.claudeDir, '.credentials.json'), JSON.stringify(claude), { mode: 0o600 });
  usage = await startUsageServer();
  usage.codex = [{ kind: 'json', body: codexBodyFromNow(64) }];
  port = await freePort();
  gateway = await startGateway({
    port,
    env: gatewayEnv({ home, token: TOKEN, usage }),
  });
});

test.afterAll(async () => {
  await gateway?.stop();
  await usage?.close();
  home?.cleanup();
});

for (const size of PAGE_SIZES) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`${size.name} at ${size.viewport.width} px, ${colorScheme}: headline first, the fix beside each problem, nothing overflows`, async ({
      browser,
    }, testInfo) => {
      const context = await browser.newContext({ viewport: size.viewport, colorScheme });
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/${size.query}#token=${TOKEN}`);
      // The headline comes from the login the agent uses, with its countdown.
      await expect(page.getByText(/^Codex works · login expires in (5h \d+m|4h 5\dm)$/)).toBeVisible();
      await expect(page.getByText(/^Claude stopped · login expired 3h \d+m ago$/)).toBeVisible();
      // The problem in words, with its one fix: a login that existed is renewed, "Re-login".
      await expect(page.getByText('The login expired.').first()).toBeVisible();
      await expect(page.getByRole('button', { name: 'Re-login anthropic:claude-cli' }).first()).toBeVisible();
      await expect(page.getByText(/^updated (just now|\dm ago)$/)).toBeVisible();
      await expect(page.getByRole('button', { name: 'Refresh' })).toBeVisible();
      if (size.name === 'popover') {
        // Problems first; the tightest usage window on the row; the footer of a menu-bar popover.
        await expect(page.locator('.prow').first()).toHaveAttribute('data-provider', 'anthropic');
        await expect(page.locator('.prow[data-provider="openai-codex"] .prow-usage')).toHaveText(
          /^5h 36% left · resets in 2h \d+m$/,
        );
        for (const name of ['Dashboard', 'Settings']) await expect(page.getByRole('button', { name })).toBeVisible();
        const footer = await page.locator('.popover-footer').boundingBox();
        expect(footer && footer.y + footer.height).toBeLessThanOrEqual(size.viewport.height);
      } else {
        await expect(page.getByRole('meter', { name: 'openai-codex 5h window: 36% left' })).toBeVisible();
      }
      const measured = await overflow(page);
      expect(measured.outside).toEqual([]);
      expect(measured.scrollWidth).toBeLessThanOrEqual(measured.width);
      const file = testInfo.outputPath(`glance-${size.name}-${colorScheme}.png`);
      await page.screenshot({ path: file, fullPage: size.name === 'dashboard' });
      await testInfo.attach(`glance-${size.name}-${colorScheme}`, { path: file, contentType: 'image/png' });

      if (size.name === 'popover') {
        // Details on demand (every window, the profile cards), and settings from the footer: still nothing sticks out.
        await page.locator('.prow[data-provider="openai-codex"] .prow-details > summary').click();
        await expect(page.getByRole('meter', { name: 'openai-codex Week window: 53% left' })).toBeVisible();
        expect((await overflow(page)).outside).toEqual([]);
        await page.getByRole('button', { name: 'Settings' }).click();
        // The controls of issue 14: durations with units, threshold chips, the model picker.
        const warn = page.getByLabel('Warn before expiry', { exact: true });
        await expect(warn).toHaveValue('24');
        await expect(page.getByRole('button', { name: 'Remove 80%' })).toBeVisible();
        await expect(page.getByLabel('Agent model')).toHaveValue(/\//);
        // The keyboard walks amount → unit → reset, as the eye reads them.
        await warn.focus();
        await page.keyboard.press('Tab');
        await expect(page.getByRole('group', { name: 'Warn before expiry' }).getByLabel('Unit')).toBeFocused();
        const settingsOverflow = await overflow(page);
        expect(settingsOverflow.outside).toEqual([]);
        expect(settingsOverflow.scrollWidth).toBeLessThanOrEqual(settingsOverflow.width);
        const settings = testInfo.outputPath(`glance-popover-settings-${colorScheme}.png`);
        await page.screenshot({ path: settings });
        await testInfo.attach(`glance-popover-settings-${colorScheme}`, { path: settings, contentType: 'image/png' });
      }
      await context.close();
    });
  }
}

test('inside the app (the preload’s bridge): the footer adds Quit, Dashboard and Quit go to the main process, all four fit', async ({
  browser,
}, testInfo) => {
  const context = await browser.newContext({ viewport: POPOVER_SIZE });
  // What src-main/electron/preload.ts exposes, recording the footer's calls instead of crossing IPC.
  await context.addInitScript(
    ({ url, token }) => {
      const calls: string[] = [];
      const record = (name: string) => () => {
        calls.push(name);
        return Promise.resolve();
      };
      Object.assign(globalThis, {
        bridgeCalls: calls,
        clawbar: {
          getGatewayConnection: () => Promise.resolve({ url, token }),
          openDashboard: record('openDashboard'),
          quit: record('quit'),
        },
      });
    },
    { url: `ws://127.0.0.1:${port}/ws`, token: TOKEN },
  );
  const page = await context.newPage();
  const popoverUrl = `http://127.0.0.1:${port}/?view=popover`;
  await page.goto(popoverUrl);
  await expect(page.getByText(/^Codex works · login expires in/)).toBeVisible();
  const footer = page.locator('.popover-footer');
  await expect(footer.getByRole('button')).toHaveText(['Refresh', 'Dashboard', 'Settings', 'Quit']);
  for (const button of await footer.getByRole('button').all()) {
    const box = (await button.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(POPOVER_SIZE.width);
    expect(box.y + box.height).toBeLessThanOrEqual(POPOVER_SIZE.height);
  }
  expect((await overflow(page)).outside).toEqual([]);
  const file = testInfo.outputPath('glance-popover-in-app.png');
  await page.screenshot({ path: file });
  await testInfo.attach('glance-popover-in-app', { path: file, contentType: 'image/png' });

  await footer.getByRole('button', { name: 'Dashboard' }).click();
  await footer.getByRole('button', { name: 'Quit' }).click();
  await expect.poll(() => page.evaluate('window.bridgeCalls')).toEqual(['openDashboard', 'quit']);
  // The shell opens the dashboard; the popover itself stays where it is.
  expect(page.url()).toBe(popoverUrl);
  await context.close();
});
