// A stand-in for the `electron` module, so the real bundled main process (main.ts and everything
// it wires) can run under plain Node where the Electron binary cannot. main-smoke.test.ts bundles
// main.ts with `electron` aliased to this file and drives it through stdin:
//   state            → prints the tray, windows, notifications, opened URLs and login item
//   menu <label>     → clicks the tray menu item with that label
//   second-instance  → what a second launch of the app does (shows the popover)
//   ipc <channel> <frame url> → invokes an IPC handler as a frame at that URL would
//   quit             → app.quit(), as Cmd-Q does
// Every answer is one line: `@fake {json}`.
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';

const print = (value) => process.stdout.write(`@fake ${JSON.stringify(value)}\n`);

const state = {
  tray: null,
  menu: [],
  windows: [],
  notifications: [],
  opened: [],
  ipc: new Map(),
  loginItem: { openAtLogin: false },
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

export class Tray extends EventEmitter {
  constructor(image) {
    super();
    this.image = image.path;
    this.title = '';
    this.tooltip = '';
    state.tray = this;
  }
  setImage(image) {
    this.image = image.path;
  }
  setTitle(title) {
    this.title = title;
  }
  setToolTip(tooltip) {
    this.tooltip = tooltip;
  }
  setContextMenu(menu) {
    state.menu = menu.items;
  }
  popUpContextMenu(menu) {
    state.menu = menu.items;
  }
  getBounds() {
    return { x: 1000, y: 0, width: 24, height: 24 };
  }
  destroy() {
    this.destroyed = true;
  }
}

export const Menu = {
  buildFromTemplate(items) {
    // The last built menu is what a right click (or a Linux panel) would show.
    state.menu = items;
    return { items };
  },
};

export const nativeImage = {
  createFromPath: (path) => ({ path, setTemplateImage: () => undefined }),
};

export class Notification extends EventEmitter {
  static isSupported() {
    return true;
  }
  constructor(options) {
    super();
    this.options = options;
  }
  show() {
    state.notifications.push(this);
  }
}

export class BrowserWindow extends EventEmitter {
  static getAllWindows() {
    return state.windows.filter((w) => !w.destroyed);
  }
  constructor(options) {
    super();
    this.options = options;
    this.visible = false;
    this.destroyed = false;
    this.bounds = null;
    this.url = null;
    this.status = null;
    state.windows.push(this);
  }
  setVisibleOnAllWorkspaces() {}
  async loadURL(url) {
    this.url = url;
    // Load it for real: the gateway must serve the page the popover shows.
    const response = await fetch(url);
    this.status = response.status;
    this.csp = response.headers.get('content-security-policy');
  }
  isDestroyed() {
    return this.destroyed;
  }
  isVisible() {
    return this.visible;
  }
  setBounds(bounds) {
    this.bounds = bounds;
  }
  show() {
    this.visible = true;
  }
  focus() {}
  hide() {
    this.visible = false;
  }
  destroy() {
    this.destroyed = true;
    this.emit('closed');
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
    setPermissionRequestHandler: () => undefined,
    setPermissionCheckHandler: () => undefined,
    webRequest: { onHeadersReceived: () => undefined },
  },
};

export const shell = {
  // Recorded, never opened: tests must not start a browser.
  openExternal: async (url) => void state.opened.push(url),
};

export const dialog = {
  showErrorBox: (title, message) => print({ event: 'error-box', title, message }),
};

function snapshot() {
  const tray = state.tray;
  return {
    tray: tray && { image: tray.image, title: tray.title, tooltip: tray.tooltip, destroyed: Boolean(tray.destroyed) },
    menu: state.menu.map((item) => (item.type === 'separator' ? '---' : item.label)),
    windows: state.windows.map((w) => ({
      url: w.url,
      status: w.status,
      csp: w.csp,
      visible: w.visible,
      destroyed: w.destroyed,
      bounds: w.bounds,
      webPreferences: w.options.webPreferences,
    })),
    notifications: state.notifications.map((n) => n.options),
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
    } else if (command === 'quit') {
      app.quit();
      print({ quitting: true });
    } else throw new Error(`unknown command ${command}`);
  } catch (error) {
    print({ error: error instanceof Error ? error.message : String(error) });
  }
});
