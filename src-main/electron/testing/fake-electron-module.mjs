// A stand-in for the `electron` module, so the real bundled main process (main.ts and everything
// it wires) can run under plain Node where the Electron binary cannot. main-smoke.test.ts bundles
// main.ts with `electron` aliased to this file and drives it through stdin:
//   state            → prints the tray, windows, notifications, opened URLs and login item
//   menu <label>     → clicks the tray menu item with that label
//   second-instance  → what a second launch of the app does (shows the popover)
//   ipc <channel> <frame url> → invokes an IPC handler as a frame at that URL would
//   security         → creates a web contents and tries what a hostile page would: navigate away,
//                      open a window, attach a webview, ask for a permission; reports what the
//                      installed handlers decided and the CSP they add to a page without one
//   quit             → app.quit(), as Cmd-Q does
// Every answer is one line: `@fake {json}`.
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';

import {
  FakeBrowserWindow,
  FakeMenu,
  FakeNotification,
  FakeTray,
  FakeWebContents,
  fakeNativeImage,
} from './fake-electron.js';

const print = (value) => process.stdout.write(`@fake ${JSON.stringify(value)}\n`);

const state = {
  menu: [],
  opened: [],
  ipc: new Map(),
  loginItem: { openAtLogin: false },
  // The session handlers main.ts installs (security.ts); null until it does.
  permissionRequest: null,
  permissionCheck: null,
  headersReceived: null,
};

class FakeApp extends EventEmitter {
  dock = process.platform === 'darwin' ? { hide: () => undefined } : undefined;
  requestSingleInstanceLock() {
    return true;
  }
  whenReady() {
    return Promise.resolve();
  }
  getAppPath() {
    return process.env.FAKE_ELECTRON_APP_PATH ?? process.cwd();
  }
  getLoginItemSettings() {
    return { ...state.loginItem };
  }
  setLoginItemSettings(settings) {
    state.loginItem = { openAtLogin: Boolean(settings.openAtLogin) };
  }
  quit() {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    print({ event: 'exit' });
    process.exit(0);
  }
  exit(code = 0) {
    print({ event: 'exit', code });
    process.exit(code);
  }
}

export const app = new FakeApp();

// The Electron objects themselves are the unit tests' fakes (fake-electron.ts, bundled in with
// this file); here they only report to `state`.
export class Tray extends FakeTray {}

export const Menu = {
  buildFromTemplate(items) {
    // The last built menu is what a right click (or a Linux panel) would show.
    state.menu = items;
    return FakeMenu.buildFromTemplate(items);
  },
};

export const nativeImage = fakeNativeImage;

export class Notification extends FakeNotification {}

export class BrowserWindow extends FakeBrowserWindow {
  static getAllWindows() {
    return FakeBrowserWindow.instances.filter((w) => !w.destroyed);
  }
  url = null;
  status = null;
  csp = null;
  async loadURL(url) {
    await super.loadURL(url);
    this.url = url;
    // Load it for real: the gateway must serve the page the popover shows.
    const response = await fetch(url);
    this.status = response.status;
    this.csp = response.headers.get('content-security-policy');
  }
}

export const ipcMain = {
  handle: (channel, handler) => state.ipc.set(channel, handler),
  removeHandler: (channel) => state.ipc.delete(channel),
};

export const screen = {
  getAllDisplays: () => [
    { bounds: { x: 0, y: 0, width: 1440, height: 900 }, workArea: { x: 0, y: 25, width: 1440, height: 875 } },
  ],
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: (handler) => (state.permissionRequest = handler),
    setPermissionCheckHandler: (handler) => (state.permissionCheck = handler),
    webRequest: { onHeadersReceived: (handler) => (state.headersReceived = handler) },
  },
};

/** What the installed security hooks do to a hostile page (null where no hook is installed). */
function trySecurity() {
  const contents = new FakeWebContents();
  app.emit('web-contents-created', {}, contents);
  let permission = null;
  state.permissionRequest?.(contents, 'geolocation', (granted) => (permission = granted));
  let headers = null;
  state.headersReceived?.({ resourceType: 'mainFrame', responseHeaders: {} }, (result) => {
    headers = result.responseHeaders;
  });
  return {
    navigationPrevented: contents.fire('will-navigate', 'file:///etc/passwd'),
    redirectPrevented: contents.fire('will-redirect', 'file:///etc/passwd'),
    webviewPrevented: contents.fire('will-attach-webview'),
    windowOpen: contents.windowOpenHandler?.({ url: 'javascript:alert(1)' }) ?? null,
    permissionGranted: permission,
    permissionCheck: state.permissionCheck?.(contents, 'notifications') ?? null,
    csp: headers?.['Content-Security-Policy']?.[0] ?? null,
  };
}

export const shell = {
  // Recorded, never opened: tests must not start a browser.
  openExternal: async (url) => void state.opened.push(url),
};

export const dialog = {
  showErrorBox: (title, message) => print({ event: 'error-box', title, message }),
};

function snapshot() {
  const tray = FakeTray.instances.at(-1);
  return {
    tray: tray ? { image: tray.image.path, title: tray.title, tooltip: tray.tooltip, destroyed: tray.destroyed } : null,
    menu: state.menu.map((item) => (item.type === 'separator' ? '---' : item.label)),
    windows: FakeBrowserWindow.instances.map((w) => ({
      url: w.url,
      status: w.status,
      csp: w.csp,
      visible: w.visible,
      destroyed: w.destroyed,
      bounds: w.bounds,
      webPreferences: w.options.webPreferences,
    })),
    notifications: FakeNotification.shown.map((n) => n.options),
    opened: state.opened,
    loginItem: state.loginItem,
  };
}

const commands = createInterface({ input: process.stdin });
commands.on('line', async (line) => {
  const [command, ...args] = line.trim().split(' ');
  try {
    if (command === 'state') print({ state: snapshot() });
    else if (command === 'menu') {
      const label = args.join(' ');
      const item = state.menu.find((i) => i.label === label);
      if (!item?.click) throw new Error(`no clickable menu item ${label}`);
      item.click();
      print({ clicked: label });
    } else if (command === 'second-instance') {
      app.emit('second-instance');
      print({ ok: true });
    } else if (command === 'ipc') {
      const handler = state.ipc.get(args[0]);
      if (!handler) throw new Error(`no handler for ${args[0]}`);
      print({ result: await handler({ senderFrame: { url: args[1] } }) });
    } else if (command === 'security') {
      print({ security: trySecurity() });
    } else if (command === 'quit') {
      app.quit();
      print({ quitting: true });
    } else throw new Error(`unknown command ${command}`);
  } catch (error) {
    print({ error: error instanceof Error ? error.message : String(error) });
  }
});
