// Issue 18 in Chromium against a real `clawbar gateway`: a device-code re-login started from the
// dashboard and from the popover (the fake `codex` prints Codex 0.169's device-auth block,
// test/fixtures/fake-cli.ts), its code large and copyable with a live countdown, gone once the login
// completes; the hooks that failed in the dashboard; and the settings' chip fields at the popover's
// 360 px. Screenshots (popover 360 px, dashboard 1100 px, light and dark) are this file's artefacts.
import { rmSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { expect, test, type Browser, type BrowserContext, type Page, type TestInfo } from '@playwright/test';

import { POPOVER_SIZE } from '../src-main/electron/window-options.js';
import { makeExpiringCodexHome } from '../test/fixtures/expiring-codex-home.js';
import { writeFakeCli, type FakeCli } from '../test/fixtures/fake-cli.js';
import { freePort, gatewayEnv, startGateway, type GatewayProcess } from '../test/fixtures/gateway-process.js';
import { recordOpens, type OpenRecorder } from '../test/fixtures/open-recorder.js';
import { DASHBOARD_SIZE, overflow } from '../test/fixtures/page-overflow.js';
import { type TempHome } from '../test/fixtures/temp-home.js';
import { codexBodyFromNow, startUsageServer, type UsageServer } from '../test/fixtures/usage-server.js';

const TOKEN = 'e2e-device-login-token-0123456789abcd';
const CODEX = 'openai-codex:codex-cli';
const CODE = 'WXYZ-98765';

test.describe.configure({ mode: 'serial' });

let home: TempHome;
let fake: FakeCli;
let usage: UsageServer;
let gateway: GatewayProcess | null = null;
let port: number;
let hook: string;
let opens: OpenRecorder;

test.beforeAll(async () => {
  home = await makeExpiringCodexHome('clawbar-e2e-device-');
  // The device login waits for fake.go(): the code stays on screen until the test lets it finish.
  fake = writeFakeCli();
  fake.configure({ login: { outcome: 'success', goFile: fake.goFile, deviceCode: CODE } });
  // A device login opens nothing on this machine: record any attempt instead of starting a browser.
  opens = recordOpens(fake.dir);
  // A hook that fails as a real one would: a line on stderr, a non-zero exit.
  hook = path.join(fake.dir, 'page-me');
  writeFileSync(hook, '#!/bin/sh\necho "pager unreachable: connection refused" >&2\nexit 3\n');
  await chmod(hook, 0o755);
  await mkdir(home.clawbarHome, { recursive: true, mode: 0o700 });
  await writeFile(
    path.join(home.clawbarHome, 'config.json'),
    JSON.stringify({ hooks: { 'profile.expiring': [{ command: hook }] } }),
    { mode: 0o600 },
  );
  usage = await startUsageServer();
  usage.codex = [{ kind: 'json', body: codexBodyFromNow(12) }];
  port = await freePort();
  gateway = await startGateway({
    port,
    env: gatewayEnv({ home, token: TOKEN, usage, fake }),
  });
});

test.afterAll(async () => {
  await gateway?.stop();
  await usage?.close();
  fake?.cleanup();
  home?.cleanup();
});

async function open(
  browser: Browser,
  size: 'dashboard' | 'popover',
  colorScheme: 'light' | 'dark' = 'light',
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: size === 'dashboard' ? DASHBOARD_SIZE : POPOVER_SIZE,
    colorScheme,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}/${size === 'popover' ? '?view=popover' : ''}#token=${TOKEN}`);
  return { context, page };
}

async function expectNoOverflow(page: Page): Promise<void> {
  const measured = await overflow(page);
  expect(measured.outside).toEqual([]);
  expect(measured.scrollWidth).toBeLessThanOrEqual(measured.width);
}

async function shoot(page: Page, testInfo: TestInfo, name: string, fullPage = false): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}

/** The seconds a `expires in 14:32` countdown shows. */
async function secondsLeft(page: Page): Promise<number> {
  const text = (await page.locator('.device-expiry').first().textContent()) ?? '';
  const match = /expires in (\d+):(\d\d)/.exec(text);
  if (!match) throw new Error(`no countdown in "${text}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

test('the dashboard shows the hooks that failed: which event, which program, when, and why', async ({ browser }) => {
  const { context, page } = await open(browser, 'dashboard');
  const panel = page.getByRole('region', { name: 'Hook failures' });
  await expect(panel).toBeVisible({ timeout: 15_000 });
  const failure = panel.locator('.hook-failure[data-event="profile.expiring"]').first();
  await expect(failure).toContainText(hook);
  await expect(failure).toContainText('pager unreachable: connection refused');
  await expect(failure).toContainText(/exited with code 3/);
  await expect(failure.locator('time')).toHaveText(/^(just now|\dm ago)$/);
  await expectNoOverflow(page);
  await context.close();
});

test('at the popover’s 360 px a chip field keeps Reset to default on its row', async ({ browser }) => {
  const { context, page } = await open(browser, 'popover');
  await page.getByRole('button', { name: 'Settings' }).click();
  for (const label of ['Expiry notifications', 'Usage notifications']) {
    const field = page.getByRole('group', { name: label });
    const add = (await field.getByRole('button', { name: 'Add' }).boundingBox())!;
    const reset = (await field.getByRole('button', { name: 'Reset to default' }).boundingBox())!;
    // Same line: the reset's top within the add button's height.
    expect(Math.abs(reset.y - add.y), label).toBeLessThan(add.height / 2);
    expect(reset.x + reset.width).toBeLessThanOrEqual(POPOVER_SIZE.width);
  }
  await expectNoOverflow(page);
  await context.close();
});

test('a device-code re-login: the code large and copyable, its countdown running, gone once the login completes', async ({
  browser,
}, testInfo) => {
  const { context, page } = await open(browser, 'dashboard');
  const card = page.locator(`article[data-profile-id="${CODEX}"]`);
  // Both ways are offered on the card; the browser stays the first (and primary) one.
  await expect(card.getByRole('button', { name: `Re-login ${CODEX}`, exact: true })).toBeVisible();
  await card.getByRole('button', { name: `Re-login from another device: ${CODEX}` }).click();

  const code = card.getByRole('status', { name: 'One-time code' });
  await expect(code).toHaveText(CODE, { timeout: 15_000 });
  const fontSize = await page.evaluate(`parseFloat(getComputedStyle(document.querySelector('.device-code')).fontSize)`);
  expect(fontSize).toBeGreaterThanOrEqual(24);
  await expect(card.getByText('Waiting for the sign-in on the other device…')).toBeVisible();
  // The page to enter it at, as Codex printed it; nothing was opened on this machine.
  await expect(card.getByRole('link', { name: 'auth.openai.com/codex/device' })).toHaveAttribute(
    'href',
    'https://auth.openai.com/codex/device',
  );
  expect(fake.calls().at(-1)?.argv).toContain('--device-auth');
  expect(opens.opened()).toEqual([]);

  // Codex says the code lives 15 minutes: the countdown starts there and goes down.
  const first = await secondsLeft(page);
  expect(first).toBeGreaterThan(14 * 60);
  expect(first).toBeLessThanOrEqual(15 * 60);
  await expect.poll(() => secondsLeft(page), { timeout: 5_000 }).toBeLessThan(first);

  await card.getByRole('button', { name: 'Copy code' }).click();
  await expect(card.getByRole('button', { name: 'Copied' })).toBeVisible();
  expect(await page.evaluate('navigator.clipboard.readText()')).toBe(CODE);

  // The same login seen from the popover (a client of its own): the code on the provider's row, no More to open.
  for (const colorScheme of ['light', 'dark'] as const) {
    const popover = await open(browser, 'popover', colorScheme);
    const row = popover.page.locator('.prow[data-provider="openai-codex"]');
    await expect(row.locator('.prow-logins').getByRole('status', { name: 'One-time code' })).toHaveText(CODE);
    await expect(popover.page.locator('.device-expiry')).toHaveText(/^expires in 1[45]:\d\d$/);
    if (colorScheme === 'light') {
      await row.getByRole('button', { name: 'Copy code' }).click();
      expect(await popover.page.evaluate('navigator.clipboard.readText()')).toBe(CODE);
    }
    await expectNoOverflow(popover.page);
    await shoot(popover.page, testInfo, `device-popover-${colorScheme}`);
    await popover.context.close();

    const dashboard = await open(browser, 'dashboard', colorScheme);
    await expect(dashboard.page.getByRole('status', { name: 'One-time code' })).toHaveText(CODE);
    await expectNoOverflow(dashboard.page);
    await shoot(dashboard.page, testInfo, `device-dashboard-${colorScheme}`, true);
    await dashboard.context.close();
  }

  fake.go(); // the phone finished the sign-in: the fake writes a fresh auth.json (10 days)
  await expect(card.getByText('Logged in.')).toBeVisible({ timeout: 15_000 });
  await expect(code).toHaveCount(0);
  await expect(card.locator('.badge')).toHaveText(/ok/, { timeout: 15_000 });
  await context.close();
});

test('from the popover: the device login starts from the card under More and its code shows on the row', async ({
  browser,
}) => {
  rmSync(fake.goFile, { force: true }); // the next login waits again
  const { context, page } = await open(browser, 'popover');
  const row = page.locator('.prow[data-provider="openai-codex"]');
  // The last test's login, finished, shows on the row until dismissed.
  await expect(row.getByText('Logged in.')).toBeVisible();
  await row.getByRole('button', { name: 'Dismiss' }).click();
  await expect(row.locator('.prow-logins')).toHaveCount(0);
  await row.locator('.prow-details > summary').click();
  await row.getByRole('button', { name: `Re-login from another device: ${CODEX}` }).click();
  await expect(row.locator('.prow-logins').getByRole('status', { name: 'One-time code' })).toHaveText(CODE, {
    timeout: 15_000,
  });
  // Shown once: the card under More does not repeat it.
  await expect(page.getByRole('status', { name: 'One-time code' })).toHaveCount(1);
  await row.getByRole('button', { name: 'Cancel' }).click();
  await expect(row.getByText('Login cancelled.')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('status', { name: 'One-time code' })).toHaveCount(0);
  await expectNoOverflow(page);
  await context.close();
});
