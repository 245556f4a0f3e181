// The history charts (issue 19) in Chromium against a real `clawbar gateway`: a history database
// holding what an earlier gateway recorded (a 5h window that reset and burns again, a slow weekly
// window, agent turns of two profiles), the ChatGPT usage stand-in for the gateway's own reading.
// Both sizes, both colour schemes, screenshots saved and checked.
import path from 'node:path';

import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';

import { createHistory } from '../src-main/core/usage/history/history.js';
import { POPOVER_SIZE } from '../src-main/electron/window-options.js';
import { makeExpiringCodexHome } from '../test/fixtures/expiring-codex-home.js';
import { freePort, gatewayEnv, startGateway, type GatewayProcess } from '../test/fixtures/gateway-process.js';
import { type TempHome } from '../test/fixtures/temp-home.js';
import { codexBody, startUsageServer, type UsageServer } from '../test/fixtures/usage-server.js';

const TOKEN = 'e2e-history-token-0123456789abcdef';
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

test.describe.configure({ mode: 'serial' });

let home: TempHome;
let usage: UsageServer;
let gateway: GatewayProcess | null = null;
let port: number;

/** What an earlier gateway recorded: the 5h window's last period and this one, a week window, turns. */
function seedHistory(now: number, fiveHourReset: number, weekReset: number) {
  const history = createHistory({ path: path.join(home.clawbarHome, 'state', 'history.db'), compactDaily: false });
  const sample = (window: string, windowSeconds: number, at: number, usedPercent: number, resetAt: number) =>
    history.recordSample({ provider: 'openai-codex', window, windowSeconds, at, usedPercent, resetAt });
  // The previous 5h period, 10 % → 98 %, then the reset two hours ago and 4 % → 61.5 % at 30 %/h.
  for (let at = now - 7 * HOUR; at < now - 2 * HOUR; at += 10 * MIN)
    sample('5h', 18_000, at, 10 + ((at - (now - 7 * HOUR)) / (5 * HOUR)) * 88, now - 2 * HOUR);
  for (let at = now - 2 * HOUR + 5 * MIN; at < now; at += 5 * MIN)
    sample('5h', 18_000, at, 4 + ((at - (now - 2 * HOUR)) / HOUR) * 30, fiveHourReset);
  // The week: 40 % three days ago, 47 % now.
  for (let at = now - 3 * DAY; at < now; at += HOUR)
    sample('Week', 604_800, at, 40 + ((at - (now - 3 * DAY)) / (3 * DAY)) * 7, weekReset);
  const turn = { model: 'gpt-5.2', outputTokens: 800, cachedTokens: 0, latencyMs: 900, outcome: 'ok' };
  for (let day = 0; day < 5; day++) {
    for (let i = 0; i <= day; i++)
      history.recordTurn({
        ...turn,
        at: now - day * DAY - i * MIN,
        profile: 'openai-codex:codex-cli',
        inputTokens: 20_000,
      });
    history.recordTurn({ ...turn, at: now - day * DAY - HOUR, profile: 'openai:default', inputTokens: 5_000 });
  }
  history.close();
}

test.beforeAll(async () => {
  home = await makeExpiringCodexHome('clawbar-e2e-history-');
  const now = Date.now();
  const fiveHourReset = Math.floor((now + 3 * HOUR) / 1000);
  const weekReset = Math.floor((now + 2 * DAY + 15 * HOUR) / 1000);
  seedHistory(now, fiveHourReset * 1000, weekReset * 1000);
  usage = await startUsageServer();
  usage.codex = [
    {
      kind: 'json',
      body: codexBody({
        rate_limit: {
          allowed: true,
          limit_reached: false,
          primary_window: { used_percent: 64, limit_window_seconds: 18000, reset_at: fiveHourReset },
          secondary_window: { used_percent: 47, limit_window_seconds: 604800, reset_at: weekReset },
        },
      }),
    },
  ];
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

const url = (query = '') => `http://127.0.0.1:${port}/${query}#token=${TOKEN}`;

async function open(
  browser: Browser,
  viewport: { width: number; height: number },
  colorScheme: 'light' | 'dark',
  query = '',
) {
  const context = await browser.newContext({ viewport, colorScheme });
  const page = await context.newPage();
  await page.goto(url(query));
  return { context, page };
}

async function save(page: Page, testInfo: TestInfo, name: string, fullPage: boolean) {
  const file = testInfo.outputPath(`${name}.png`);
  const png = await page.screenshot({ path: file, fullPage });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
  return png;
}

// Run in the page (the e2e project compiles without the DOM library, hence strings).
/** The computed colour of the chart line against the panel behind it, in one scheme. */
const LINE_CONTRAST = `({
  line: getComputedStyle(document.querySelector('.chart-window .chart-line')).stroke,
  panel: getComputedStyle(document.querySelector('.history')).backgroundColor,
})`;
/** How far right the history reaches, how wide its first SVG is drawn, and its text size. */
const CHART_WIDTHS = `({
  right: Math.max(...[...document.querySelectorAll('.history *')].map((e) => e.getBoundingClientRect().right)),
  svg: document.querySelector('.chart-window svg').getBoundingClientRect().width,
  font: getComputedStyle(document.querySelector('.chart-window text')).fontSize,
})`;

test('draws each window with its resets and pace, the daily tokens and the agent turns, in words too', async ({
  browser,
}, testInfo) => {
  const { context, page } = await open(browser, { width: 1200, height: 900 }, 'light');
  const fiveHour = page.locator('figure.chart-window[data-window="openai-codex|5h"]');
  // The gateway's own reading (64 %) joins the recorded ones and the pace comes from them all.
  await expect(fiveHour.getByRole('img')).toHaveAttribute(
    'aria-label',
    /^Codex 5h window over the last 7 days: now 64% used; highest 9\d%; 1 reset\. At this pace it runs out in 1h 1\dm, 1h 4\dm before the reset\.$/,
  );
  await expect(fiveHour.locator('figcaption')).toContainText('runs out in 1h 1');
  await expect(fiveHour.locator('.chart-reset')).toHaveCount(2); // the reset seen, and the next one
  await expect(fiveHour.locator('.chart-pace-runs-out')).toHaveCount(1);

  const week = page.locator('figure.chart-window[data-window="openai-codex|Week"]');
  await expect(week.locator('figcaption')).toContainText(/on pace to end at 5\d%/);

  const [tokens, turns] = [page.locator('figure.chart-bars').nth(0), page.locator('figure.chart-bars').nth(1)];
  await expect(tokens.locator('.chart-legend li')).toHaveText(['Codex', 'OpenAI']);
  await expect(tokens.getByRole('img')).toHaveAttribute('aria-label', /Codex 312k/);
  await expect(tokens.locator('figcaption')).toContainText('API-equivalent value over 14 days');
  // The table holds every number: five days of Codex turns, one to five a day of 20.8k tokens.
  await expect(tokens.locator('table tbody tr')).toHaveCount(14);
  await expect(turns.locator('.chart-legend li')).toHaveText(['openai-codex:codex-cli', 'openai:default']);
  await expect(turns.locator('figcaption')).toHaveText('20 answered turns, 0 failed attempts');
  await save(page, testInfo, 'history-dashboard-light', true);
  await context.close();
});

test('stays inside 360 px and readable in both colour schemes; the popover rows carry a sparkline', async ({
  browser,
}, testInfo) => {
  const colours: Record<string, { line: string; panel: string }> = {};
  for (const colorScheme of ['light', 'dark'] as const) {
    const narrow = await open(browser, { width: 360, height: 800 }, colorScheme);
    await expect(narrow.page.locator('figure.chart-window').first().getByRole('img')).toBeVisible();
    // No chart reaches past the page (the top bar is the glance's), and the SVG is drawn at its
    // real width, so its text keeps its size.
    const widths = await narrow.page.evaluate<{ right: number; svg: number; font: string }>(CHART_WIDTHS);
    expect(widths.right).toBeLessThanOrEqual(360);
    expect(widths.svg).toBeGreaterThan(250);
    expect(widths.font).toBe('11px');
    colours[colorScheme] = await narrow.page.evaluate<{ line: string; panel: string }>(LINE_CONTRAST);
    await save(narrow.page, testInfo, `history-360-${colorScheme}`, true);
    await narrow.context.close();

    const popover = await open(browser, POPOVER_SIZE, colorScheme, '?view=popover');
    // The provider's headline row names its tightest window with the pace and the last day drawn.
    const headline = popover.page.locator('.prow[data-provider="openai-codex"] .prow-head');
    await expect(headline.locator('svg.usage-spark')).toHaveAttribute(
      'aria-label',
      /^Codex 5h used over the last 24 h: from \d+% to 64%$/,
    );
    await expect(headline.locator('.prow-pace')).toHaveText(/^ · runs out in 1h 1\dm$/);
    // Every window, each with its sparkline, is under More.
    await popover.page.locator('.prow[data-provider="openai-codex"] .prow-details > summary').click();
    const spark = popover.page.locator('.usage-row[data-window="5h"] svg.usage-spark');
    await expect(spark).toHaveAttribute('aria-label', /^openai-codex 5h used over the last 24 h: from \d+% to 64%$/);
    // The row keeps label, bar, sparkline, what is left and the countdown on one line, the pace under them.
    const row = popover.page.locator('.usage-row[data-window="5h"]');
    const middle = async (selector: string) => {
      const box = (await row.locator(selector).boundingBox())!;
      return box.y + box.height / 2;
    };
    const bar = await middle('.usage-bar');
    for (const cell of ['.usage-spark', '.usage-left', '.usage-reset'])
      expect(Math.abs((await middle(cell)) - bar)).toBeLessThan(4);
    expect(await middle('.usage-pace')).toBeGreaterThan(bar + 8);
    await expect(row.locator('.usage-pace')).toHaveText(
      /^At this pace it runs out in 1h 1\dm, 1h 4\dm before the reset$/,
    );
    await expect(popover.page.locator('.history')).toHaveCount(0);
    const overflow = await popover.page.evaluate<number>('document.documentElement.scrollWidth');
    expect(overflow).toBeLessThanOrEqual(POPOVER_SIZE.width);
    await save(popover.page, testInfo, `history-popover-${colorScheme}`, false);
    await popover.context.close();
  }
  // Each scheme draws the line in its own colour, never the colour of the panel behind it.
  expect(colours.light!.line).not.toBe(colours.dark!.line);
  for (const { line, panel } of Object.values(colours)) expect(line).not.toBe(panel);
});
