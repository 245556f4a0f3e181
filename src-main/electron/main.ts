// Composition root of the menu-bar app (DESIGN.md §8). Each setupX() owns one feature and is
// handed the Electron objects it needs; read top to bottom, this is the whole app.
import path from 'node:path';

import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  screen,
  session,
  shell,
  Tray,
} from 'electron';

import { errorMessage } from '../../src-shared/error-message.js';
import { dashboardCsp } from '../core/gateway/static-files.js';
import { createLogger } from '../core/log/logger.js';

import { connectGatewayFeed } from './gateway-feed.js';
import { startOrAttachGateway, type GatewayLink } from './gateway-link.js';
import { setupIpc } from './ipc.js';
import { setupQuit } from './lifecycle.js';
import { setupNotifications } from './notifications.js';
import { safeOpenExternal } from './open-external.js';
import { setupSecurity } from './security.js';
import { createTrayActions } from './tray-actions.js';
import { trayModel, type TrayModel } from './tray-model.js';
import { setupTray } from './tray.js';
import { popoverUrl } from './window-options.js';
import { createPopover } from './window.js';

const log = createLogger('electron');

async function main(): Promise<void> {
  // One menu-bar icon per user: a second launch just opens the first one's popover.
  if (!app.requestSingleInstanceLock()) return app.quit();
  app.dock?.hide(); // LSUIElement (electron-builder.yml) hides it in the package; this covers `electron .`
  await app.whenReady();

  let link: GatewayLink | null = null;
  setupSecurity({ app, session: session.defaultSession, shell, csp: () => (link ? dashboardCsp(link.port) : null) });
  link = await startOrAttachGateway({ openUrl: async (url) => void (await safeOpenExternal(shell, url)) });
  const gateway = link;
  // The tray menu and the popover's footer open the dashboard and quit through the same two calls.
  const openDashboard = () => gateway.openDashboard((url) => safeOpenExternal(shell, url));
  const quit = () => app.quit();
  setupIpc(ipcMain, { gateway: () => gateway, openDashboard, quit });

  const feed = connectGatewayFeed({ url: gateway.url, token: gateway.token });
  const popover = createPopover({
    BrowserWindow,
    screen,
    preloadPath: path.join(import.meta.dirname, 'preload.cjs'),
    url: popoverUrl(gateway.httpUrl),
  });
  const onAction = createTrayActions({
    request: (method, params) => feed.request(method, params),
    openDashboard,
    launchAtLogin: () => app.getLoginItemSettings().openAtLogin,
    setLaunchAtLogin: (openAtLogin) => app.setLoginItemSettings({ openAtLogin, openAsHidden: true }),
    render: () => render(),
    quit,
    onError: (message) => log.warn(message),
  });
  const tray = setupTray({
    Tray,
    Menu,
    nativeImage,
    assetsDir: path.join(app.getAppPath(), 'assets'),
    platform: process.platform,
    onAction,
    onClick: (bounds) => popover.toggle(bounds),
  });
  let lastModel: TrayModel | null = null;
  const render = () => {
    // Linux has no login-item API (setLoginItemSettings is a no-op there): no checkbox.
    const launchAtLogin = process.platform === 'linux' ? null : app.getLoginItemSettings().openAtLogin;
    lastModel = trayModel({ ...feed.state(), launchAtLogin }, Date.now());
    tray.apply(lastModel);
  };
  feed.onChange(render);
  render();

  const showNotification = setupNotifications({
    Notification,
    platform: process.platform,
    relogin: (profileId, method) => onAction({ kind: 'relogin', profileId, method }),
    showLogin: () => popover.show(tray.bounds()),
  });
  (gateway.onNotify ?? feed.onNotify)(showNotification);

  app.on('second-instance', () => popover.show(tray.bounds()));
  app.on('window-all-closed', () => undefined); // a menu-bar app outlives its windows
  setupQuit(app, [() => feed.close(), () => popover.destroy(), () => tray.destroy(), () => gateway.close()]);

  if (process.env.CLAWBAR_E2E === '1') {
    // The Playwright spec drives the app through this handle (app.evaluate); never set otherwise.
    Object.assign(globalThis, {
      clawbarE2E: { model: () => lastModel, togglePopover: () => popover.toggle(tray.bounds()), onAction },
    });
  }
  log.info(`menu-bar app ready (${gateway.mode} gateway on port ${gateway.port})`);
}

main().catch((error: unknown) => {
  const message = errorMessage(error);
  log.error(`cannot start: ${message}`);
  dialog.showErrorBox('clawbar cannot start', message);
  app.exit(1);
});
