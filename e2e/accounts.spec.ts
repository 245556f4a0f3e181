// Accounts and routing on the dashboard and the popover (issue 17), in Chromium against a real
// `clawbar gateway`: a Codex login with a named limit ("GPT-6 Sol") beside its plan's windows, a
// second account ("Personal", its own token and windows), cooldowns and routing decisions in the
// agent's state files — and an account added from the dashboard, whose login runs the fake `codex`
// into the new home. Screenshots at the popover's 360 px and the dashboard's 1100 px, light and
// dark, each checked for anything sticking out (test-results/accounts-…/accounts-<size>-<scheme>.png).
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { expect, test } from '@playwright/test';

import { makeExpiringCodexHome } from '../test/fixtures/expiring-codex-home.js';
import { writeFakeCli, type FakeCli } from '../test/fixtures/fake-cli.js';
import { freePort, gatewayEnv, startGateway, type GatewayProcess } from '../test/fixtures/gateway-process.js';
import { codexChatgptAuthJson } from '../test/fixtures/jwt.js';
import { recordOpens } from '../test/fixtures/open-recorder.js';
import { DASHBOARD_SIZE, expectNoOverflow, PAGE_SIZES } from '../test/fixtures/page-overflow.js';
import { type TempHome } from '../test/fixtures/temp-home.js';
import { codexBodyFromNow, startUsageServer, type UsageServer } from '../test/fixtures/usage-server.js';

const TOKEN = 'e2e-accounts-token-0123456789abcdef0';
const HOUR = 3_600_000;
const MODEL = 'openai-codex/gpt-6.1-sol';

test.describe.configure({ mode: 'serial' });

let home: TempHome;
let fake: FakeCli;
let usage: UsageServer;
let gateway: GatewayProcess | null = null;
let port: number;
let configFile: string;

/** `wham/usage` of the default login: 5h 36 % / Week 53 % left, and "GPT-6 Sol" with 12 % left of its 5h. */
function defaultUsage(): Record<string, unknown> {
  const body = codexBodyFromNow(64);
  body.additional_rate_limits = [
    {
      limit_name: 'GPT-6 Sol',
      metered_feature: 'codex_gpt_6_sol',
      rate_limit: {
        primary_window: {
          used_percent: 88,
          limit_window_seconds: 18000,
          reset_after_seconds: 3900,
          reset_at: Math.floor(Date.now() / 1000) + 3900,
        },
        secondary_window: null,
      },
    },
  ];
  return body;
}

test.beforeAll(async () => {
  home = await makeExpiringCodexHome('clawbar-e2e-accounts-');
  // A second login, in its own home, of another ChatGPT account.
  const personalHome = path.join(home.root, '.codex-personal');
  await mkdir(personalHome, { recursive: true, mode: 0o700 });
  const personalAuth = codexChatgptAuthJson({
    expiresAt: Date.now() + 200 * HOUR,
    email: 'me@example.com',
    accountId: 'acct-personal',
  });
  await writeFile(path.join(personalHome, 'auth.json'), personalAuth, { mode: 0o600 });

  // The dashboard's new account logs in with this fake codex; its login waits for fake.go().
  fake = writeFakeCli();
  fake.configure({ login: { outcome: 'success', goFile: fake.goFile, email: 'work@example.com' } });
  // The login runner opens the authorize URL in a browser: record it instead of opening one.
  recordOpens(fake.dir);

  await mkdir(path.join(home.clawbarHome, 'state'), { recursive: true, mode: 0o700 });
  configFile = path.join(home.clawbarHome, 'config.json');
  await writeFile(
    configFile,
    JSON.stringify({
      secrets: { backend: 'file' },
      accounts: { 'openai-codex': [{ id: 'personal', label: 'Personal', home: '~/.codex-personal' }] },
    }),
    { mode: 0o600 },
  );
  // What the agent keeps between runs (core/agent/cooldowns.ts, decision-log.ts).
  const now = Date.now();
  await writeFile(
    path.join(home.clawbarHome, 'state', 'cooldowns.json'),
    JSON.stringify({
      version: 1,
      cooldowns: [
        { profileId: 'openai-codex:codex-cli@personal', model: '*', until: now + 3 * HOUR },
        { profileId: 'openai-codex:codex-cli', model: MODEL, until: now + 20 * 60_000 },
      ],
    }),
    { mode: 0o600 },
  );
  const decision = (turn: number, skipped: Array<{ profileId: string; reason: string }>) => ({
    turn,
    at: new Date(now - (5 - turn) * 60_000).toISOString(),
    model: MODEL,
    strategy: 'headroom',
    profileId: 'openai-codex:codex-cli',
    why: '5h 36% left',
    skipped,
  });
  await writeFile(
    path.join(home.clawbarHome, 'state', 'agent-log.json'),
    JSON.stringify({
      version: 1,
      decisions: [
        decision(40, []),
        decision(41, [{ profileId: 'openai-codex:codex-cli@personal', reason: 'Week 2% left' }]),
      ],
    }),
    { mode: 0o600 },
  );

  usage = await startUsageServer();
  usage.codex = [{ kind: 'json', body: defaultUsage() }];
  // Each login's own windows, by its token: the personal account has 2 % of its week left.
  const personalToken = (JSON.parse(personalAuth) as { tokens: { access_token: string } }).tokens.access_token;
  const personalBody = codexBodyFromNow(10);
  (personalBody.rate_limit as { secondary_window: { used_percent: number } }).secondary_window.used_percent = 98;
  usage.byToken.set(personalToken, { kind: 'json', body: personalBody });

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

for (const size of PAGE_SIZES) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`${size.name} at ${size.viewport.width} px, ${colorScheme}: named limits, accounts, cooldowns and decisions; nothing overflows`, async ({
      browser,
    }, testInfo) => {
      const context = await browser.newContext({ viewport: size.viewport, colorScheme });
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/${size.query}#token=${TOKEN}`);
      if (size.name === 'popover') {
        // The row names the named limit nearest to running out; More draws its bar and the account's.
        const row = page.locator('.prow[data-provider="openai-codex"]');
        await expect(row.locator('.prow-limit')).toHaveText('GPT-6 Sol: 5h 12% left');
        await row.locator('.prow-details > summary').click();
        await expect(page.getByRole('meter', { name: 'openai-codex GPT-6 Sol 5h window: 12% left' })).toBeVisible();
        await expect(page.getByRole('meter', { name: 'openai-codex@personal Week window: 2% left' })).toBeVisible();
      } else {
        await expect(page.getByRole('meter', { name: 'openai-codex 5h window: 36% left' })).toBeVisible();
        await expect(page.getByRole('meter', { name: 'openai-codex GPT-6 Sol 5h window: 12% left' })).toBeVisible();
        await expect(page.getByRole('region', { name: 'GPT-6 Sol limit' })).toContainText('GPT-6 Sol');
        await expect(page.getByRole('meter', { name: 'openai-codex@personal Week window: 2% left' })).toBeVisible();
        // The cooldowns with their end time and why; the decisions, newest first, in words.
        const routing = page.getByRole('region', { name: 'Agent routing' });
        const personal = routing.locator('[data-cooldown="openai-codex:codex-cli@personal"]');
        await expect(personal).toContainText('openai-codex@Personal');
        await expect(personal).toContainText('every model');
        await expect(personal).toContainText(
          /cooling until \d{1,2}:\d\d( [AP]M)? · quota used up until its window resets · 2h 5\dm left/,
        );
        await expect(routing.locator('[data-cooldown="openai-codex:codex-cli"]')).toContainText(
          /openai-codex\/gpt-6\.1-sol.*cooling until \d{1,2}:\d\d( [AP]M)? · 429 Retry-After · 1\dm( \d+s)? left/,
        );
        await expect(routing.locator('.decision').first()).toHaveText(
          'turn 41: openai-codex:codex-cli (5h 36% left) — openai-codex@Personal skipped: Week 2% left',
        );
        await expect(routing.locator('.decision')).toHaveCount(2);
        // The accounts config.json has, and the form to add one.
        const accounts = page.getByRole('region', { name: 'Accounts' });
        await expect(accounts.locator('[data-account-entry="openai-codex@personal"]')).toContainText(
          path.join(home.root, '.codex-personal'),
        );
        await expect(accounts.getByRole('button', { name: 'Add and log in' })).toBeDisabled();
      }
      await expectNoOverflow(page);
      const file = testInfo.outputPath(`accounts-${size.name}-${colorScheme}.png`);
      await page.screenshot({ path: file, fullPage: size.name === 'dashboard' });
      await testInfo.attach(`accounts-${size.name}-${colorScheme}`, { path: file, contentType: 'image/png' });
      await context.close();
    });
  }
}

test('adds an account from the dashboard: its login starts in the new home, shows its progress, and the account appears', async ({
  browser,
}, testInfo) => {
  const context = await browser.newContext({ viewport: DASHBOARD_SIZE });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}/#token=${TOKEN}`);
  const accounts = page.getByRole('region', { name: 'Accounts' });
  await expect(accounts.getByLabel('Provider')).toHaveValue('openai-codex');
  const name = accounts.getByLabel('Name');
  const add = accounts.getByRole('button', { name: 'Add and log in' });

  // A name the config would refuse is refused here first, in the same words.
  await name.fill('Work Stuff');
  await expect(accounts.getByText(/^The name must be 1–32 lower-case letters/)).toBeVisible();
  await expect(add).toBeDisabled();
  await name.fill('personal');
  await expect(accounts.getByText('That name is taken.')).toBeVisible();
  await name.fill('work');
  await expect(accounts.getByText('Its login goes to ~/.codex-work.')).toBeVisible();
  await add.click();

  await expect(accounts.getByText('Added openai-codex@work.')).toBeVisible();
  const login = accounts.getByRole('region', { name: 'Re-login of openai-codex:codex-cli@work' });
  await expect(login.getByRole('link', { name: 'Open the sign-in page' })).toHaveAttribute(
    'href',
    /^https:\/\/auth\.openai\.com\/oauth\/authorize\?/,
  );
  await expect(login.getByRole('button', { name: 'Cancel' })).toBeEnabled();
  await expect(accounts.locator('[data-account-entry="openai-codex@work"]')).toBeVisible();
  await expectNoOverflow(page);
  await page.screenshot({ path: testInfo.outputPath('accounts-add-waiting.png') });

  // config.json keeps its other keys and gains the account with clawbar's default home.
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as Record<string, unknown>;
  expect(config).toEqual({
    secrets: { backend: 'file' },
    accounts: {
      'openai-codex': [
        { id: 'personal', label: 'Personal', home: '~/.codex-personal' },
        { id: 'work', home: '~/.codex-work' },
      ],
    },
  });
  const workHome = path.join(home.root, '.codex-work');
  const call = fake.calls().find((c) => c.which === 'codex' && c.argv[0] === 'login');
  expect(call?.codexHome).toBe(workHome);

  fake.go(); // the fake finishes the browser step and writes auth.json into the new home
  await expect(login.getByText('Logged in.')).toBeVisible({ timeout: 15_000 });
  expect(existsSync(path.join(workHome, 'auth.json'))).toBe(true);
  // The running gateway watches the new home: the account shows with its own section, logged in.
  const section = page.locator('section.account[data-account="work"]');
  await expect(section.locator('.account-head .badge')).toHaveText(/ok/, { timeout: 15_000 });
  // …and reads its usage with its own token, without a restart.
  await expect(page.getByRole('meter', { name: 'openai-codex@work 5h window: 36% left' })).toBeVisible({
    timeout: 15_000,
  });
  await page.screenshot({ path: testInfo.outputPath('accounts-add-done.png'), fullPage: true });

  // Remove asks once more, then drops the entry and leaves the home and its login.
  const entry = accounts.locator('[data-account-entry="openai-codex@work"]');
  await entry.getByRole('button', { name: 'Remove…' }).click();
  await entry.getByRole('button', { name: 'Remove from config' }).click();
  await expect(entry).toHaveCount(0);
  expect(existsSync(path.join(workHome, 'auth.json'))).toBe(true);
  await context.close();
});
