// The real composition root, end to end, without the Electron binary: main.ts is bundled as
// build-main.mjs bundles it, with `electron` swapped for test/fixtures/fake-electron-module.mjs, and
// run in a child Node process against a temp HOME, the real in-process gateway and the fake
// `codex`. The test drives it through the fake's stdin commands, as a user would the menu bar
// and the popover (whose footer reaches the main process over the preload's IPC channels).
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { bundleScript } from '../fixtures/bundle-script.js';
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

/** Polls `read` every 50 ms until `ok` holds, for at most 15 s. */
async function until<T>(read: () => T | Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface RunningApp {
  menuBar: MenuBarHome;
  exitCode(): number | null;
  output(): string;
  /** Writes one stdin command and resolves with the fake's answer. */
  send(command: string): Promise<Record<string, unknown>>;
  /** Writes a command whose answer may never come (the app exits); resolves with the exit code. */
  sendAndExit(command: string): Promise<number | null>;
  stop(): Promise<void>;
}

/** Starts the bundled app on a fresh menu-bar home and waits for "menu-bar app ready". */
async function launch(bundle: string): Promise<RunningApp> {
  const menuBar = await makeMenuBarHome('clawbar-main-smoke-');
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [bundle], {
    env: {
      ...menuBar.home.env,
      FAKE_ELECTRON_APP_PATH: root,
      // Usage polling goes nowhere fast: nothing listens on the discard port.
      CLAWBAR_CHATGPT_BASE_URL: 'http://127.0.0.1:9',
    },
  });
  let exitCode: number | null = null;
  let output = '';
  const answers: Array<Record<string, unknown>> = [];
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code) => {
      exitCode = code;
      resolve();
    }),
  );
  let pending = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith('@fake ')) answers.push(JSON.parse(line.slice(6)));
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const app: RunningApp = {
    menuBar,
    exitCode: () => exitCode,
    output: () => output,
    async send(command) {
      const before = answers.length;
      child.stdin.write(`${command}\n`);
      await until(
        () => answers.length,
        (n) => n > before,
        `an answer to ${command}; output so far:\n${output}`,
      );
      return answers[before]!;
    },
    async sendAndExit(command) {
      child.stdin.write(`${command}\n`);
      await until(
        () => exitCode,
        (code) => code !== null,
        `the process to exit after ${command}; output so far:\n${output}`,
      );
      return exitCode;
    },
    async stop() {
      if (exitCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      menuBar.cleanup();
    },
  };
  await until(
    () => output,
    (text) => text.includes('[electron] menu-bar app ready') || exitCode !== null,
    'the app to start',
  );
  expect(output).toContain(`[electron] menu-bar app ready (in-process gateway on port ${menuBar.port})`);
  return app;
}

let bundle: string;

beforeAll(async () => {
  bundle = await bundleScript(
    { file: path.join(root, 'src-main/electron/main.ts') },
    {
      alias: { electron: path.join(root, 'test/fixtures/fake-electron-module.mjs') },
      define: { __CLAWBAR_VERSION__: JSON.stringify('0.0.0-smoke') },
    },
  );
});

afterAll(() => {
  if (bundle) rmSync(path.dirname(bundle), { recursive: true, force: true });
});

describe('main.ts with a fake electron module', () => {
  let running: RunningApp;
  let menuBar: MenuBarHome;
  const send = (command: string) => running.send(command);
  const state = async () => (await send('state')).state as FakeState;

  beforeAll(async () => {
    running = await launch(bundle);
    menuBar = running.menuBar;
  });

  afterAll(async () => {
    await running?.stop();
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
      bounds: { x: 832, y: 28, width: 360, height: 480 },
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

  it("opens the dashboard from the popover's footer, only for the app's own pages", async () => {
    const token = (await readFile(path.join(menuBar.home.clawbarHome, 'gateway.token'), 'utf8')).trim();
    const before = (await state()).opened.length;
    for (const url of ['https://evil.example/', `http://127.0.0.1:${menuBar.port}@evil.example/`]) {
      expect(await send(`ipc clawbar:open-dashboard ${url}`)).toEqual({
        error: 'clawbar:open-dashboard: untrusted sender',
      });
      expect(await send(`ipc clawbar:quit ${url}`)).toEqual({ error: 'clawbar:quit: untrusted sender' });
    }
    expect((await state()).opened).toHaveLength(before);
    expect(running.exitCode()).toBeNull();

    // The popover's Dashboard: the browser gets the dashboard with its token, as the menu's Open Dashboard does.
    expect(await send(`ipc clawbar:open-dashboard http://127.0.0.1:${menuBar.port}/?view=popover`)).toEqual({});
    expect((await state()).opened.slice(before)).toEqual([
      `http://127.0.0.1:${menuBar.port}/#token=${encodeURIComponent(token)}`,
    ]);
  });

  it("quits cleanly from the popover's Quit: gateway closed, process exits 0", async () => {
    expect(await running.sendAndExit(`ipc clawbar:quit http://127.0.0.1:${menuBar.port}/?view=popover`)).toBe(0);
    await expect(fetch(`http://127.0.0.1:${menuBar.port}/health`)).rejects.toThrow();
  });
});

describe('main.ts quit from the tray menu', () => {
  let running: RunningApp | undefined;
  afterEach(async () => {
    await running?.stop();
  });

  it('quits cleanly from the menu: gateway closed, process exits 0', async () => {
    running = await launch(bundle);
    expect(await running.sendAndExit('menu Quit clawbar')).toBe(0);
    await expect(fetch(`http://127.0.0.1:${running.menuBar.port}/health`)).rejects.toThrow();
  });
});
