import { beforeEach, describe, expect, it } from 'vitest';

import { FakeBrowserWindow } from '../../test/fixtures/fake-electron.js';

import { createPopover, shouldShowOnClick } from './window.js';

const display = {
  bounds: { x: 0, y: 0, width: 1440, height: 900 },
  workArea: { x: 0, y: 25, width: 1440, height: 875 },
};
const trayBounds = { x: 1000, y: 0, width: 24, height: 24 };

function makePopover() {
  let now = 10_000;
  const popover = createPopover({
    BrowserWindow: FakeBrowserWindow as never,
    screen: { getAllDisplays: () => [display] } as never,
    preloadPath: '/app/dist/electron/preload.cjs',
    url: 'http://127.0.0.1:18789/?view=popover',
    now: () => now,
  });
  return { popover, advance: (ms: number) => (now += ms) };
}

describe('popover window', () => {
  beforeEach(() => {
    FakeBrowserWindow.instances = [];
  });

  it('is created on first click only, loads the compact renderer, and opens under the icon', () => {
    const { popover } = makePopover();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    popover.toggle(trayBounds);
    const [win] = FakeBrowserWindow.instances;
    expect(win!.loaded).toEqual(['http://127.0.0.1:18789/?view=popover']);
    expect(win!.options).toMatchObject({ frame: false, webPreferences: { sandbox: true, contextIsolation: true } });
    expect(win!.visible).toBe(true);
    expect(win!.bounds).toEqual({ x: 832, y: 28, width: 360, height: 480 });
  });

  it('toggles closed on a second click and hides on blur', () => {
    const { popover, advance } = makePopover();
    popover.toggle(trayBounds);
    const win = FakeBrowserWindow.instances[0]!;
    popover.toggle(trayBounds);
    expect(win.visible).toBe(false);
    advance(5000);
    popover.toggle(trayBounds);
    expect(win.visible).toBe(true);
    win.blur();
    expect(win.visible).toBe(false);
    expect(FakeBrowserWindow.instances).toHaveLength(1);
  });

  it('treats a click right after a blur-hide as closing, not reopening', () => {
    const { popover, advance } = makePopover();
    popover.toggle(trayBounds);
    const win = FakeBrowserWindow.instances[0]!;
    win.blur(); // the click on the icon blurs the popover first...
    advance(50);
    popover.toggle(trayBounds); // ...then arrives as a click
    expect(win.visible).toBe(false);
    advance(1000);
    popover.toggle(trayBounds);
    expect(win.visible).toBe(true);
  });

  it('recreates the window after it was destroyed', () => {
    const { popover } = makePopover();
    popover.toggle(trayBounds);
    popover.destroy();
    popover.toggle(trayBounds);
    expect(FakeBrowserWindow.instances).toHaveLength(2);
  });

  it('decides clicks from visibility and the last blur', () => {
    expect(shouldShowOnClick(true, null, 0)).toBe(false);
    expect(shouldShowOnClick(false, null, 0)).toBe(true);
    expect(shouldShowOnClick(false, 1000, 1100)).toBe(false);
    expect(shouldShowOnClick(false, 1000, 1400)).toBe(true);
  });
});
