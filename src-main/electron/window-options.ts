// The popover window's options and the rules every web page in the app lives under, as pure
// values and functions (tested without Electron): Electron's security checklist in one place.
import { checkOpenableUrl } from '../core/browser/url-policy.js';

import type { BrowserWindowConstructorOptions } from 'electron';

/** The size issue 14 designs the popover for (e2e/glance.spec.ts checks nothing overflows it). */
export const POPOVER_SIZE = { width: 360, height: 480 } as const;

/**
 * The popover: frameless, hidden until positioned, out of the Dock / taskbar, and a renderer
 * with no Node, isolated from the preload and sandboxed.
 */
export function popoverWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    ...POPOVER_SIZE,
    show: false,
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    hasShadow: true,
    backgroundColor: '#1e1e1e',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}

/** The renderer in compact mode, served by the gateway: `http://127.0.0.1:<port>/?view=popover`. */
export function popoverUrl(gatewayHttpUrl: string): string {
  const url = new URL(gatewayHttpUrl);
  url.pathname = '/';
  url.search = '?view=popover';
  url.hash = '';
  return url.href;
}

/**
 * What to do when a page tries to navigate or open a window: never inside the app. A link the URL
 * policy accepts goes to the browser through safeOpenExternal; anything else is dropped.
 */
export function navigationDecision(targetUrl: string): 'open-external' | 'deny' {
  return checkOpenableUrl(targetUrl) ? 'open-external' : 'deny';
}

/**
 * Permissions the app's pages may have: writing the clipboard only, for the Copy buttons (a device
 * login's one-time code; docs/electron.md#clipboard-permission). Never reading it; notifications
 * are shown by the main process.
 */
export function isPermissionAllowed(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}
