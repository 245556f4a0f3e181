// Plain stand-ins for the few Electron objects the thin layer touches (the binary cannot run
// here). Each records what was done to it, so tests assert on behaviour, not on mocks' calls.
// Types are loose on purpose: the real signatures are checked where the code meets electron.d.ts.
import { EventEmitter } from 'node:events';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = [];
  image: unknown;
  title = '';
  tooltip = '';
  contextMenu: unknown = null;
  poppedUp: unknown[] = [];
  destroyed = false;
  bounds: Rect = { x: 1000, y: 0, width: 24, height: 24 };
  constructor(image: unknown) {
    super();
    this.image = image;
    FakeTray.instances.push(this);
  }
  setImage(image: unknown) {
    this.image = image;
  }
  setTitle(title: string) {
    this.title = title;
  }
  setToolTip(tooltip: string) {
    this.tooltip = tooltip;
  }
  setContextMenu(menu: unknown) {
    this.contextMenu = menu;
  }
  popUpContextMenu(menu: unknown) {
    this.poppedUp.push(menu);
  }
  getBounds() {
    return this.bounds;
  }
  destroy() {
    this.destroyed = true;
  }
}

export interface FakeMenuItem {
  type?: string;
  label?: string;
  checked?: boolean;
  enabled?: boolean;
  click?: () => void;
}

export const FakeMenu = {
  buildFromTemplate: (template: FakeMenuItem[]) => ({ items: template }),
};

export class FakeImage {
  template = false;
  constructor(readonly path: string) {}
  setTemplateImage(value: boolean) {
    this.template = value;
  }
}

export const fakeNativeImage = { createFromPath: (path: string) => new FakeImage(path) };

export class FakeNotification extends EventEmitter {
  static shown: FakeNotification[] = [];
  static isSupported = () => true;
  constructor(readonly options: Record<string, unknown>) {
    super();
  }
  show() {
    FakeNotification.shown.push(this);
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  visible = false;
  destroyed = false;
  focused = false;
  bounds: Rect | null = null;
  loaded: string[] = [];
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  setVisibleOnAllWorkspaces() {}
  async loadURL(url: string) {
    this.loaded.push(url);
  }
  isDestroyed() {
    return this.destroyed;
  }
  isVisible() {
    return this.visible;
  }
  setBounds(bounds: Rect) {
    this.bounds = bounds;
  }
  show() {
    this.visible = true;
  }
  focus() {
    this.focused = true;
  }
  hide() {
    this.visible = false;
  }
  /** What the OS does when the user clicks elsewhere. */
  blur() {
    this.emit('blur');
  }
  destroy() {
    this.destroyed = true;
    this.emit('closed');
  }
}

/** A fake WebContents: records the window-open handler and lets tests fire navigation events. */
export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  /** Emits `name` with a preventable event; returns whether a listener prevented it. */
  fire(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}
