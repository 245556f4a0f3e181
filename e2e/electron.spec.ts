// The menu-bar app itself, driven by Playwright's Electron support: a temp HOME with an expiring
// Codex login, the fake `codex` for the re-login, the real in-process gateway. It needs the
// Electron binary, which `npm install` cannot download on a machine that reaches only the npm
// registry; there it is skipped, and the logic it exercises (tray model, popover position,
// window options, IPC sender checks, notifications) is covered by the unit tests in
// src-main/electron, which run everywhere.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { expect, test } from '@playwright/test';
import { _electron, type ElectronApplication } from 'playwright-core';

import { makeMenuBarHome, type MenuBarHome } from '../test/fixtures/expiring-codex-home.js';

import type { TrayAction, TrayModel } from '../src-main/electron/tray-model.js';

/** The Electron executable, or null when the package was installed without its binary. */
function electronBinary(): string | null {
  try {
    // The electron package exports its binary's path and throws when the binary is missing.
    const binary = createRequire(import.meta.url)('electron') as unknown;
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const hasElectronBinary = binary !== null;
const root = path.resolve(import.meta.dirname, '..');
const CODEX = 'openai-codex:codex-cli';

/** What main.ts exposes on globalThis when CLAWBAR_E2E=1. */
interface E2EHandle {
  model(): TrayModel | null;
  togglePopover(): void;
  onAction(action: TrayAction): void;
}
type MainGlobal = typeof globalThis & { clawbarE2E: E2EHandle };

test.describe('menu-bar app (Electron)', () => {
  test.skip(
    !hasElectronBinary,
    'Electron binary not installed (node_modules/electron/dist is missing: its download is unreachable here; run `node node_modules/electron/install.js` where it is) — the logic is covered by src-main/electron unit tests',
  );
  test.describe.configure({ mode: 'serial' });

  let menuBar: MenuBarHome;
  let app: ElectronApplication;

  const labels = async () => {
    const model = await app.evaluate(() => (globalThis as MainGlobal).clawbarE2E.model());
    return model?.menu.map((item) => (item.type === 'separator' ? '---' : item.label)) ?? [];
  };

  test.beforeAll(async () => {
    menuBar = await makeMenuBarHome('clawbar-e2e-electron-');
    app = await _electron.launch({
      executablePath: binary!,
      args: [root],
      cwd: root,
      env: { ...menuBar.home.env, CLAWBAR_E2E: '1', CLAWBAR_CHATGPT_BASE_URL: 'http://127.0.0.1:9' },
    });
  });

  test.afterAll(async () => {
    await app?.close();
    menuBar?.cleanup();
  });

  test('the tray shows the expiring login with its countdown', async () => {
    await expect.poll(labels, { timeout: 20_000 }).toContain('Re-login Codex…');
    const model = await app.evaluate(() => (globalThis as MainGlobal).clawbarE2E.model());
    expect(model?.icon).toBe('expiring');
    expect(model?.title).toBe('5h');
    expect((await labels()).find((l) => l.startsWith(`${CODEX} — expiring · 5h`))).toBeTruthy();
    expect(await labels()).toEqual(
      expect.arrayContaining([
        'Refresh Now',
        'Open Dashboard',
        'Quit clawbar',
        ...(process.platform === 'linux' ? [] : ['Launch at Login']),
      ]),
    );
  });

  test('the popover opens locked down, with only the preload’s three functions exposed', async () => {
    const opened = app.waitForEvent('window');
    await app.evaluate(() => (globalThis as MainGlobal).clawbarE2E.togglePopover());
    const popover = await opened;
    await popover.waitForLoadState('domcontentloaded');
    expect(popover.url()).toBe(`http://127.0.0.1:${menuBar.port}/?view=popover`);
    // The page's world: the bridge's three functions (preload.ts), and no Node (no require, no process).
    const world = await popover.evaluate(() => {
      const page = globalThis as unknown as { clawbar: object; require?: unknown; process?: unknown };
      return { bridge: Object.keys(page.clawbar).sort(), require: typeof page.require, process: typeof page.process };
    });
    expect(world).toEqual({
      bridge: ['getGatewayConnection', 'openDashboard', 'quit'],
      require: 'undefined',
      process: 'undefined',
    });
    // window.open is denied (about:blank: nothing to hand to the browser either): no second window.
    await popover.evaluate(() =>
      (globalThis as unknown as { open(url: string): unknown }).open('https://example.com/'),
    );
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)).toBe(1);
    await expect(popover.getByRole('button', { name: `Re-login ${CODEX}` })).toBeVisible({ timeout: 20_000 });
  });

  test('Re-login in the popover runs the fake codex and the tray turns ok', async () => {
    const popover = app.windows()[0]!;
    await popover.getByRole('button', { name: `Re-login ${CODEX}` }).click();
    await expect.poll(() => menuBar.fake.calls().some((c) => c.which === 'codex' && c.argv[0] === 'login')).toBe(true);
    await expect.poll(labels).toContain('Re-login Codex — waiting for the browser…');
    await menuBar.releaseLogin();
    await expect
      .poll(async () => (await labels()).some((l) => l.startsWith(`${CODEX} — ok · 9d`)), { timeout: 20_000 })
      .toBe(true);
    const model = await app.evaluate(() => (globalThis as MainGlobal).clawbarE2E.model());
    expect(model?.icon).toBe('ok');
    expect(model?.title).toBe('');
  });

  test('Quit closes the gateway with the app', async () => {
    const closed = new Promise<void>((resolve) => app.process().once('exit', () => resolve()));
    await app.evaluate(() => (globalThis as MainGlobal).clawbarE2E.onAction({ kind: 'quit' }));
    await closed;
    await expect(fetch(`http://127.0.0.1:${menuBar.port}/health`)).rejects.toThrow();
  });
});
