// The dashboard in Chromium against a real `clawbar gateway`: a temp CLAWBAR_HOME/CODEX_HOME
// holding an expiring Codex login, the fake `codex` (test/fixtures/fake-cli.ts) for the re-login,
// and a loopback stand-in for the ChatGPT usage endpoint.
import { writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';

import { POPOVER_SIZE } from '../src-main/electron/window-options.js';
import { makeExpiringCodexHome } from '../test/fixtures/expiring-codex-home.js';
import { writeFakeCli, type FakeCli } from '../test/fixtures/fake-cli.js';
import { freePort, gatewayEnv, startGateway, type GatewayProcess } from '../test/fixtures/gateway-process.js';
import { codexChatgptAuthJson } from '../test/fixtures/jwt.js';
import { recordOpens } from '../test/fixtures/open-recorder.js';
import { type TempHome } from '../test/fixtures/temp-home.js';
import { codexBodyFromNow, startUsageServer, type UsageServer } from '../test/fixtures/usage-server.js';

const TOKEN = 'e2e-dashboard-token-0123456789abcdef';
const CODEX = 'openai-codex:codex-cli';
const HOUR = 3_600_000;

test.describe.configure({ mode: 'serial' });

let home: TempHome;
let fake: FakeCli;
let usage: UsageServer;
let gateway: GatewayProcess | null = null;
let port: number;
let env: Record<string, string>;

test.beforeAll(async () => {
  home = await makeExpiringCodexHome('clawbar-e2e-dashboard-');
  // The login waits for fake.go(), so the page can be seen in its `waiting` state first.
  fake = writeFakeCli();
  fake.configure({ login: { outcome: 'success', goFile: fake.goFile } });
  // The login runner opens the authorize URL in a browser: record it instead of opening one.
  recordOpens(fake.dir);
  usage = await startUsageServer();
  usage.codex = [{ kind: 'json', body: codexBodyFromNow(12) }];
  port = await freePort();
  env = gatewayEnv({ home, token: TOKEN, usage, fake });
  gateway = await startGateway({ port, env });
});

test.afterAll(async () => {
  await gateway?.stop();
  await usage?.close();
  fake?.cleanup();
  home?.cleanup();
});

function dashboardUrl(query = ''): string {
  return `http://127.0.0.1:${port}/${query}#token=${TOKEN}`;
}

/** A gateway of a test's own over `ownHome`, with this file's fake CLI and usage stand-in. */
async function startSecondGateway(ownHome: TempHome): Promise<{ port: number; gateway: GatewayProcess }> {
  const secondPort = await freePort();
  const second = await startGateway({
    port: secondPort,
    env: gatewayEnv({ home: ownHome, token: TOKEN, usage, fake }),
  });
  return { port: secondPort, gateway: second };
}

function card(page: Page, id: string) {
  return page.locator(`article[data-profile-id="${id}"]`);
}

/** Both sizes (the popover's as the menu-bar app opens it) in both colour schemes, saved as artifacts of this test. */
async function screenshots(browser: Browser, testInfo: TestInfo, label: string): Promise<void> {
  for (const [size, viewport, query] of [
    ['dashboard', { width: 1200, height: 800 }, ''],
    ['popover', POPOVER_SIZE, '?view=popover'],
  ] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      const context = await browser.newContext({ viewport, colorScheme });
      const page = await context.newPage();
      await page.goto(dashboardUrl(query));
      if (size === 'dashboard') {
        await expect(card(page, CODEX)).toBeVisible();
        await expect(page.locator('.usage-row').first()).toBeVisible();
      } else {
        // The popover shows one row per provider; the cards are behind More (e2e/glance.spec.ts).
        await expect(page.locator('.prow[data-provider="openai-codex"] .prow-usage')).toBeVisible();
      }
      const file = testInfo.outputPath(`${label}-${size}-${colorScheme}.png`);
      await page.screenshot({ path: file, fullPage: size === 'dashboard' });
      await testInfo.attach(`${label}-${size}-${colorScheme}`, { path: file, contentType: 'image/png' });
      await context.close();
    }
  }
}

test('shows the expiring Codex profile with its countdown and usage, and clears the token from the URL', async ({
  page,
  browser,
}, testInfo) => {
  await page.goto(dashboardUrl());
  const codex = card(page, CODEX);
  await expect(codex.locator('.badge')).toHaveText(/expiring/);
  await expect(codex).toContainText(/expires in (5h \d+m|4h 5\dm)/);
  await expect(codex).toContainText('dev@example.com');
  await expect(codex).toContainText('source codex-cli');
  await expect(page.getByRole('status').filter({ hasText: 'Connected' })).toBeVisible();
  await expect(page.getByRole('meter', { name: 'openai-codex 5h window: 88% left' })).toBeVisible();
  await expect(page.getByRole('meter', { name: 'openai-codex Week window: 53% left' })).toBeVisible();
  expect(new URL(page.url()).hash).toBe('');
  // A reload of the same tab keeps working from sessionStorage.
  await page.reload();
  await expect(card(page, CODEX).locator('.badge')).toHaveText(/expiring/);
  await screenshots(browser, testInfo, 'expiring');
});

test('Re-login shows the authorize URL and progress; the card turns ok without a reload', async ({ page }) => {
  await page.goto(dashboardUrl());
  const codex = card(page, CODEX);
  await expect(codex.locator('.badge')).toHaveText(/expiring/);
  await page.evaluate('window.loadedOnce = true');

  await codex.getByRole('button', { name: `Re-login ${CODEX}` }).click();
  const link = codex.getByRole('link', { name: 'Open the sign-in page' });
  await expect(link).toHaveAttribute('href', /^https:\/\/auth\.openai\.com\/oauth\/authorize\?/);
  await expect(codex.getByLabel('Login output')).toContainText('Starting local login server');
  await expect(codex.getByRole('button', { name: 'Cancel' })).toBeEnabled();
  await page.screenshot({ path: test.info().outputPath('relogin-waiting.png') });

  fake.go(); // the fake finishes the browser step and writes a fresh auth.json (10 days)
  await expect(codex.locator('.badge')).toHaveText(/ok/, { timeout: 15_000 });
  await expect(codex).toContainText(/expires in 9d 23h/);
  await expect(codex.getByText('Logged in.')).toBeVisible();
  expect(await page.evaluate('window.loadedOnce')).toBe(true);
  // The button ran the (fake) Codex CLI's own login, nothing else.
  expect(
    fake
      .calls()
      .filter((call) => call.which === 'codex')
      .map((call) => call.argv[0]),
  ).toContain('login');
  await page.screenshot({ path: test.info().outputPath('relogin-succeeded.png') });
});

test('saves a setting through the gateway into config.json, touching no other key, and applies it at once', async ({
  page,
}) => {
  // Codex renews its own 10-day token, so it counts as expiring within the lesser of warnBefore and
  // a quarter of its life (60 h). With 30 h left it is ok under the default 24 h, expiring under 48 h.
  writeFileSync(
    path.join(home.codexHome, 'auth.json'),
    codexChatgptAuthJson({ expiresAt: Date.now() + 30 * HOUR, email: 'dev@example.com' }),
    { mode: 0o600 },
  );
  await page.goto(dashboardUrl());
  const codex = card(page, CODEX);
  await expect(codex).toContainText(/expires in 1d 5h/);
  await expect(codex.locator('.badge')).toHaveText(/ok/);
  await page.getByRole('button', { name: 'Settings' }).click();
  // The duration control: an amount and a unit (2 days = 48 h), its default marked.
  const warnGroup = page.getByRole('group', { name: 'Warn before expiry' });
  const warn = page.getByLabel('Warn before expiry', { exact: true });
  await expect(warn).toHaveValue('24');
  await expect(warnGroup.getByLabel('Unit')).toHaveValue('h');
  await expect(warnGroup.getByRole('button', { name: 'Reset to default' })).toBeDisabled();
  await warn.fill('2');
  await warnGroup.getByLabel('Unit').selectOption('d');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  const config = JSON.parse(await readFile(path.join(home.clawbarHome, 'config.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  expect(config).toEqual({ auth: { warnBefore: '2d' } });
  // The running gateway applies the new threshold: the token is now within it.
  await page.getByRole('button', { name: 'Status' }).click();
  await expect(codex.locator('.badge')).toHaveText(/expiring/);
  // A fresh page reads it back from the gateway.
  await page.reload();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByLabel('Warn before expiry', { exact: true })).toHaveValue('2');
  await expect(warnGroup.getByLabel('Unit')).toHaveValue('d');
  await expect(page.getByLabel('Launch clawbar at login')).toHaveCount(0);
  // Put it back with "Reset to default", so the next tests see the default threshold again.
  await warnGroup.getByRole('button', { name: 'Reset to default' }).click();
  await expect(page.getByLabel('Warn before expiry', { exact: true })).toHaveValue('24');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  expect(JSON.parse(await readFile(path.join(home.clawbarHome, 'config.json'), 'utf8'))).toEqual({
    auth: { warnBefore: '24h' },
  });
  await page.getByRole('button', { name: 'Status' }).click();
  await expect(codex.locator('.badge')).toHaveText(/ok/);
});

test('shows the gateway down when it stops, and recovers when it is back', async ({ page }) => {
  await page.goto(dashboardUrl());
  await expect(card(page, CODEX)).toBeVisible();
  const indicator = page.locator('.conn');
  await expect(indicator).toHaveAttribute('data-phase', 'connected');
  const status = await card(page, CODEX).getAttribute('class');

  await gateway?.stop();
  await expect(indicator).toHaveAttribute('data-phase', 'disconnected');
  await expect(indicator).toContainText('Gateway down');
  await expect(page.getByRole('alert')).toContainText('The gateway is down');
  // The last known state stays on screen.
  await expect(card(page, CODEX)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('gateway-down.png') });

  gateway = await startGateway({ port, env });
  await expect(indicator).toHaveAttribute('data-phase', 'connected', { timeout: 20_000 });
  await expect(page.getByRole('alert')).toHaveCount(0);
  // A fresh snapshot from the new process, not the old one kept on screen.
  await expect(page.locator('[data-row="process"]')).toContainText(`PID ${gateway.pid}`);
  expect(await card(page, CODEX).getAttribute('class')).toBe(status);
});

test('reaches Re-login and the views from the keyboard', async ({ page }) => {
  await page.goto(dashboardUrl());
  await expect(card(page, CODEX)).toBeVisible();
  const focused = () => page.evaluate('document.activeElement && document.activeElement.getAttribute("aria-label")');
  let reached = false;
  for (let i = 0; i < 12 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = (await focused()) === `Re-login ${CODEX}`;
  }
  expect(reached).toBe(true);
  await page.getByRole('button', { name: 'Settings' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Warn before expiry')).toBeVisible();
});

test('shows a further account (config `accounts`, its own CODEX_HOME) with its status, usage and card', async ({
  page,
}) => {
  // A gateway of its own, so the other tests keep their single login.
  const accountHome = await makeExpiringCodexHome('clawbar-e2e-accounts-');
  const workHome = path.join(accountHome.root, 'codex-work');
  await mkdir(workHome, { recursive: true, mode: 0o700 });
  await writeFile(
    path.join(workHome, 'auth.json'),
    codexChatgptAuthJson({
      expiresAt: Date.now() + 9 * 24 * HOUR,
      email: 'work@example.com',
      accountId: 'acct-work-1',
    }),
    { mode: 0o600 },
  );
  await mkdir(accountHome.clawbarHome, { recursive: true, mode: 0o700 });
  await writeFile(
    path.join(accountHome.clawbarHome, 'config.json'),
    JSON.stringify({ accounts: { 'openai-codex': [{ id: 'work', label: 'Work', home: workHome }] } }),
    { mode: 0o600 },
  );
  const { port: accountPort, gateway: second } = await startSecondGateway(accountHome);
  try {
    await page.goto(`http://127.0.0.1:${accountPort}/#token=${TOKEN}`);
    const account = page.getByRole('region', { name: 'Work account' });
    await expect(account.locator('.account-head [data-status]')).toHaveAttribute('data-status', 'ok');
    await expect(account.locator(`article[data-profile-id="${CODEX}@work"]`)).toContainText('work@example.com');
    await expect(account.getByLabel(/^openai-codex@work 5h window: \d+% left$/)).toBeVisible();
    // The default login's card stays above, outside the account's block.
    await expect(page.locator(`.provider > .cards article[data-profile-id="${CODEX}"]`)).toBeVisible();
  } finally {
    await second.stop();
    accountHome.cleanup();
  }
});

test('says when the server last accepted a login, and Check now finds a revoked one', async ({ page }) => {
  // A gateway of its own: the login it revokes must not change what the other tests see.
  const probeHome = await makeExpiringCodexHome('clawbar-e2e-probe-');
  const authJson = JSON.parse(await readFile(path.join(probeHome.codexHome, 'auth.json'), 'utf8')) as {
    tokens: { access_token: string };
  };
  const token = authJson.tokens.access_token;
  const { port: probePort, gateway: second } = await startSecondGateway(probeHome);
  try {
    await page.goto(`http://127.0.0.1:${probePort}/#token=${TOKEN}`);
    const codex = card(page, CODEX);
    // The usage poll at start was a check of the token.
    await expect(codex.locator('[data-verification]')).toHaveText('verified just now');
    // The popover's headline row says it too.
    const popover = await page.context().newPage();
    await popover.goto(`http://127.0.0.1:${probePort}/?view=popover#token=${TOKEN}`);
    await expect(popover.locator('.prow[data-provider="openai-codex"] .prow-verified')).toHaveText('verified just now');
    await popover.close();
    const before = usage.requests.length;

    // The server revokes the login; Check now asks it at once.
    usage.byToken.set(token, { kind: 'status', status: 401 });
    await codex.getByRole('button', { name: `Check ${CODEX} with its server now` }).click();
    await expect(codex.locator('[data-verification]')).toHaveText('rejected by the server just now');
    await expect(codex.locator('.badge')).toHaveText(/expired/);
    await expect(codex.getByRole('button', { name: `Re-login ${CODEX}` })).toBeVisible();
    // A revoked token is not asked about again.
    await expect(codex.getByRole('button', { name: `Check ${CODEX} with its server now` })).toHaveCount(0);
    expect(usage.requests.slice(before).map((r) => r.headers.authorization)).toEqual([`Bearer ${token}`]);
    await page.screenshot({ path: test.info().outputPath('probe-rejected.png') });
  } finally {
    usage.byToken.delete(token);
    await second.stop();
    probeHome.cleanup();
  }
});

test('the built dashboard stays under 200 KB gzipped', async () => {
  const dir = path.resolve('dist/renderer/assets');
  let total = 0;
  for (const name of await readdir(dir)) total += gzipSync(await readFile(path.join(dir, name))).length;
  expect(total).toBeGreaterThan(0);
  expect(total).toBeLessThan(200 * 1024);
});

test('says what to do when the token is missing or wrong', async ({ page }) => {
  await page.goto(`http://127.0.0.1:${port}/`);
  await expect(page.getByRole('alert')).toContainText('clawbar dashboard');
  await expect(page.locator('.conn')).toHaveAttribute('data-phase', 'no-token');

  // The page checks the gateway with the /health challenge first: a token it cannot prove is never sent.
  const sockets: string[] = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  await page.goto(`http://127.0.0.1:${port}/#token=not-the-token`);
  await expect(page.locator('.conn')).toHaveAttribute('data-phase', 'unauthorized');
  await expect(page.getByRole('alert')).toContainText('rejected');
  expect(sockets).toEqual([]);
  // The rejected token is not kept for the next load.
  expect(await page.evaluate("sessionStorage.getItem('clawbar.gatewayToken')")).toBeNull();
});
