// The menu-bar icon: applies a TrayModel (tray-model.ts) to an Electron Tray. Left click toggles
// the popover; right click (or any click on Linux, whose panels only show menus) opens the menu.
import path from 'node:path';

import type { TrayAction, TrayIcon, TrayMenuItem, TrayModel } from './tray-model.js';
import type { Menu, MenuItemConstructorOptions, NativeImage, Rectangle, Tray } from 'electron';

/** The image file for an icon state: black template images on macOS, white ones on Linux panels. */
export function trayIconFile(assetsDir: string, icon: TrayIcon, platform: NodeJS.Platform): string {
  const state = icon === 'ok' ? 'Ok' : icon === 'expiring' ? 'Expiring' : 'Expired';
  // nativeImage picks the @2x file next to it on Retina displays.
  return path.join(assetsDir, `tray${state}${platform === 'darwin' ? 'Template' : 'Light'}.png`);
}

/** Electron menu template for the model's items; clicks call `onAction`. Pure. */
export function menuTemplate(
  items: TrayMenuItem[],
  onAction: (action: TrayAction) => void,
): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.type === 'separator') return { type: 'separator' };
    const action = item.action;
    const base: MenuItemConstructorOptions =
      item.type === 'checkbox'
        ? { type: 'checkbox', label: item.label, checked: item.checked }
        : { type: 'normal', label: item.label, enabled: item.enabled };
    return action ? { ...base, click: () => onAction(action) } : base;
  });
}

export interface TrayDeps {
  Tray: new (image: NativeImage | string) => Tray;
  Menu: Pick<typeof Menu, 'buildFromTemplate'>;
  nativeImage: { createFromPath(path: string): NativeImage };
  assetsDir: string;
  platform: NodeJS.Platform;
  onAction(action: TrayAction): void;
  /** Left click with the icon's bounds (the popover anchors to them). */
  onClick(bounds: Rectangle): void;
}

export interface TrayHandle {
  apply(model: TrayModel): void;
  bounds(): Rectangle;
  destroy(): void;
}

export function setupTray(deps: TrayDeps): TrayHandle {
  const image = (icon: TrayIcon) => {
    const img = deps.nativeImage.createFromPath(trayIconFile(deps.assetsDir, icon, deps.platform));
    if (deps.platform === 'darwin') img.setTemplateImage(true);
    return img;
  };
  const tray = new deps.Tray(image('ok'));
  let menu: Menu | null = null;
  let icon: TrayIcon | null = null;

  if (deps.platform === 'linux') {
    // AppIndicator panels never deliver clicks: the menu is the whole UI there.
  } else {
    tray.on('click', (_event, bounds) => deps.onClick(bounds));
    tray.on('right-click', () => {
      if (menu) tray.popUpContextMenu(menu);
    });
  }

  return {
    apply(model) {
      if (model.icon !== icon) {
        tray.setImage(image(model.icon));
        icon = model.icon;
      }
      if (deps.platform === 'darwin') tray.setTitle(model.title, { fontType: 'monospacedDigit' });
      tray.setToolTip(model.tooltip);
      menu = deps.Menu.buildFromTemplate(menuTemplate(model.menu, deps.onAction));
      if (deps.platform === 'linux') tray.setContextMenu(menu);
    },
    bounds: () => tray.getBounds(),
    destroy: () => tray.destroy(),
  };
}
