// The real composition root, end to end, without the Electron binary: main.ts is bundled as
// build-main.mjs bundles it, with `electron` swapped for test/fixtures/fake-electron-module.mjs, and
// run in a child Node process against a temp HOME, the real in-process gateway and the fake
// `codex`. The test drives it through the fake's stdin commands, as a user would the menu bar.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { makeMenuBarHome, type MenuBarHome } from '../fixtures/expiring-codex-home.js';

const root = path.resolve(import.meta.dirname, '../..');
const CODEX = 'openai-codex:codex-cli';

interface FakeState {
  tray: { image: string; title: string; tooltip: string; destroyed: boolean } | null;
  menu: string[];
  windows: Array<{
    url: string | null;
    status: number | null;
    csp: string | null;
    visible: boolean;
    bounds: unknown;
    webPreferences: Record<string, unknown>;
  }>;
  notifications: Array<{ title: string; body: string }>;
  opened: string[];
  loginItem: { openAtLogin: boolean };
}

describe('main.ts with a fake electron module', () => {
  let menuBar: MenuBarHome;
  let bundleDir: string;
  let child: ChildProcessWithoutNullStreams;
  let exitCode: number | null = null;
  let output = '';
  const answers: Array<Record<string, unknown>> = [];

  async function until<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const value = await read();
      if (ok(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function send(command: string): Promise<Record<string, unknown>> {
    const before = answers.length;
    child.stdin.write(`${command}\n`);
    await until(
      () => answers.length,
      (n) => n > before,
      `an answer to ${command}; output so far:\n${output}`,
    );
    return answers[before]!;
  }

  const state = async () => (await send('state')).state as FakeState;

  beforeAll(async () => {
    menuBar = await makeMenuBarHome('clawbar-main-smoke-');
    const { home, port } = menuBar;

    // Inside node_modules so the bundle's external packages resolve from the project.
    await mkdir(path.join(root, 'node_modules/.cache'), { recursive: true });
    bundleDir = mkdtempSync(path.join(root, 'node_modules/.cache/clawbar-main-smoke-'));
    await build({
      entryPoints: [path.join(root, 'src-main/electron/main.ts')],
      outfile: path.join(bundleDir, 'main.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      alias: { electron: path.join(root, 'test/fixtures/fake-electron-module.mjs') },
      define: { __CLAWBAR_VERSION__: JSON.stringify('0.0.0-smoke') },
      logLevel: 'error',
    });
    child = spawn(process.execPath, [path.join(bundleDir, 'main.mjs')], {
      env: {
        ...home.env,
        FAKE_ELECTRON_APP_PATH: root,
        // Usage polling goes nowhere fast: nothing listens on the discard port.
        CLAWBAR_CHATGPT_BASE_URL: 'http://127.0.0.1:9',
      },
    });
    child.on('exit', (code) => (exitCode = code));
    let pending = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('@fake ')) answers.push(JSON.parse(line.slice(6)));
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await until(
      () => output,
      (text) => text.includes('[electron] menu-bar app ready') || exitCode !== null,
      'the app to start',
    );
    expect(output).toContain(`[electron] menu-bar app ready (in-process gateway on port ${port})`);
  });

  afterAll(async () => {
    if (exitCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    menuBar?.cleanup();
    if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  });

  it('shows the expiring Codex login in the tray and warns about it once', async () => {
    const s = await until(state, (v) => v.tray?.tooltip.includes('Codex works') ?? false, 'the first snapshot');
    const variant = process.platform === 'darwin' ? 'Template' : 'Light';
    expect(s.tray?.image).toBe(path.join(root, 'assets', `trayExpiring${variant}.png`));
    expect(s.tray?.tooltip).toMatch(/^clawbar — Codex works · login expires in 5h \d+m$/);
    // The provider's headline, then its profiles under it.
    expect(s.menu[0]).toMatch(/^Codex works · login expires in 5h \d+m$/);
    expect(s.menu.find((l) => l.trim().startsWith(`${CODEX} — expiring · 5h`))).toBeTruthy();
    expect(s.menu).toEqual(
      expect.arrayContaining(['Re-login Codex…', 'Refresh Now', 'Open Dashboard', 'Quit clawbar']),
    );
    const warned = await until(
      state,
      (v) => v.notifications.some((n) => n.title.startsWith('Codex login expires in 5h')),
      'the expiry notification',
    );
    expect(warned.notifications.filter((n) => n.title.startsWith('Codex login expires'))).toHaveLength(1);
  });

  it('opens the popover under the icon from the gateway, locked down', async () => {
    await send('second-instance');
    const s = await until(state, (v) => v.windows[0]?.status != null, 'the popover to load');
    const [win] = s.windows;
    expect(win).toMatchObject({
      url: `http://127.0.0.1:${menuBar.port}/?view=popover`,
      visible: true,
      bounds: { x: 822, y: 28, width: 380, height: 560 },
      webPreferences: { contextIsolation: true, sandbox: true, nodeIntegration: false },
    });
    // The gateway serves the built renderer with its CSP (503 with a hint when it is not built).
    const built = existsSync(path.join(root, 'dist/renderer/index.html'));
    expect(win?.status).toBe(built ? 200 : 503);
    if (built) expect(win?.csp).toContain("script-src 'self'");
  });

  it('hands the gateway connection only to the app’s own pages', async () => {
    const token = (await readFile(path.join(menuBar.home.clawbarHome, 'gateway.token'), 'utf8')).trim();
    expect(await send(`ipc clawbar:get-gateway-connection http://127.0.0.1:${menuBar.port}/?view=popover`)).toEqual({
      result: { url: `ws://127.0.0.1:${menuBar.port}/ws`, token },
    });
    const refused = await send('ipc clawbar:get-gateway-connection https://evil.example/');
    expect(refused).toEqual({ error: 'clawbar:get-gateway-connection: untrusted sender' });
  });

  it('installs the security hooks: no navigation, no new window, no webview, no permission, a CSP', async () => {
    const { security } = (await send('security')) as { security: Record<string, unknown> };
    expect(security).toMatchObject({
      navigationPrevented: true,
      redirectPrevented: true,
      webviewPrevented: true,
      windowOpen: { action: 'deny' },
      permissionGranted: false,
      permissionCheck: false,
    });
    expect(security.csp).toContain("script-src 'self'");
    expect(security.csp).toContain(`connect-src 'self' ws://127.0.0.1:${menuBar.port}`);
  });

  it('toggles Launch at Login from the menu (macOS, Windows; Linux has no such setting)', async () => {
    if (process.platform === 'linux') {
      expect((await state()).menu).not.toContain('Launch at Login');
      return;
    }
    await send('menu Launch at Login');
    expect((await state()).loginItem.openAtLogin).toBe(true);
  });

  it('re-logs in through the fake codex from the menu, opening the URL in the browser, and turns ok', async () => {
    await send('menu Re-login Codex…');
    await until(
      () => menuBar.fake.calls(),
      (calls) => calls.some((c) => c.which === 'codex' && c.argv[0] === 'login'),
      'codex login to be spawned',
    );
    const waiting = await until(state, (v) => v.opened.length > 0, 'the login URL to be opened');
    expect(waiting.opened[0]).toMatch(/^https:\/\/auth\.openai\.com\/oauth\/authorize\?/);
    expect(waiting.menu).toContain('Re-login Codex — waiting for the browser…');
    await menuBar.releaseLogin();
    const done = await until(state, (v) => v.tray?.image.includes('trayOk') ?? false, 'the tray to turn ok');
    expect(done.tray?.tooltip).toMatch(/^clawbar — Codex works · login expires in 9d 23h$/);
    expect(done.tray?.image).toBe(
      path.join(root, 'assets', `trayOk${process.platform === 'darwin' ? 'Template' : 'Light'}.png`),
    );
    expect(done.menu.find((l) => l.trim().startsWith(`${CODEX} — ok · 9d`))).toBeTruthy();
    await until(
      state,
      (v) => v.notifications.some((n) => n.title === 'Codex re-login succeeded'),
      'the success notification',
    );
  });

  it('quits cleanly from the menu: gateway closed, process exits 0', async () => {
    child.stdin.write('menu Quit clawbar\n');
    await until(
      () => exitCode,
      (code) => code !== null,
      'the process to exit',
    );
    expect(exitCode).toBe(0);
    await expect(fetch(`http://127.0.0.1:${menuBar.port}/health`)).rejects.toThrow();
  });
});
