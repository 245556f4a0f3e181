// The popover: a frameless window created on first use (menubar's lazy pattern), placed under the
// tray icon, toggled by clicks on the icon and hidden when it loses focus.

import { displayForTray, popoverPosition } from './popover-position.js';
import { POPOVER_SIZE, popoverWindowOptions } from './window-options.js';

import type { BrowserWindow, BrowserWindowConstructorOptions, Rectangle, Screen } from 'electron';

// Clicking the icon while the popover is open first blurs (hides) it, then delivers the click:
// a click this soon after a blur-hide means "close", not "open again".
const BLUR_CLICK_MS = 300;

/** Whether a click on the icon should show the popover. Pure. */
export function shouldShowOnClick(visible: boolean, hiddenByBlurAt: number | null, now: number): boolean {
  if (visible) return false;
  return hiddenByBlurAt === null || now - hiddenByBlurAt > BLUR_CLICK_MS;
}

export interface PopoverDeps {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  screen: Pick<Screen, 'getAllDisplays'>;
  preloadPath: string;
  /** The compact renderer's URL (window-options.ts popoverUrl). */
  url: string;
  now?: () => number;
}

export interface Popover {
  toggle(trayBounds: Rectangle): void;
  show(trayBounds: Rectangle): void;
  hide(): void;
  destroy(): void;
}

export function createPopover(deps: PopoverDeps): Popover {
  const now = deps.now ?? Date.now;
  let window: BrowserWindow | null = null;
  let hiddenByBlurAt: number | null = null;

  const ensure = () => {
    if (window && !window.isDestroyed()) return window;
    const created = new deps.BrowserWindow(popoverWindowOptions(deps.preloadPath));
    created.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });
    created.on('blur', () => {
      if (!created.isVisible()) return;
      created.hide();
      hiddenByBlurAt = now();
    });
    created.on('closed', () => {
      if (window === created) window = null;
    });
    void created.loadURL(deps.url);
    window = created;
    return created;
  };

  const show = (trayBounds: Rectangle) => {
    const win = ensure();
    const display = displayForTray(deps.screen.getAllDisplays(), trayBounds);
    const { x, y } = popoverPosition(trayBounds, POPOVER_SIZE, display.workArea);
    win.setBounds({ x, y, ...POPOVER_SIZE });
    win.show();
    win.focus();
    hiddenByBlurAt = null;
  };

  return {
    toggle(trayBounds) {
      const visible = window !== null && !window.isDestroyed() && window.isVisible();
      if (shouldShowOnClick(visible, hiddenByBlurAt, now())) show(trayBounds);
      else if (visible) window?.hide();
    },
    show,
    hide: () => window?.hide(),
    destroy() {
      if (window && !window.isDestroyed()) window.destroy();
      window = null;
    },
  };
}
