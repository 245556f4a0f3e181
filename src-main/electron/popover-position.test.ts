import { describe, expect, it } from 'vitest';

import { displayForTray, popoverPosition, type DisplayLike } from './popover-position.js';

const size = { width: 360, height: 480 };
// A 1440×900 MacBook screen: the menu bar takes the top 25 px.
const mac: DisplayLike = {
  bounds: { x: 0, y: 0, width: 1440, height: 900 },
  workArea: { x: 0, y: 25, width: 1440, height: 875 },
};
// A second display to the right, 1920×1080, with its own menu bar.
const second: DisplayLike = {
  bounds: { x: 1440, y: -180, width: 1920, height: 1080 },
  workArea: { x: 1440, y: -155, width: 1920, height: 1055 },
};

describe('popoverPosition', () => {
  it('centres the popover under an icon in the macOS menu bar', () => {
    expect(popoverPosition({ x: 1000, y: 0, width: 24, height: 24 }, size, mac.workArea)).toEqual({ x: 832, y: 28 });
  });

  it('keeps the popover on screen when the icon is near the right edge', () => {
    expect(popoverPosition({ x: 1410, y: 0, width: 24, height: 24 }, size, mac.workArea)).toEqual({ x: 1080, y: 28 });
  });

  it('keeps the popover on screen when the icon is near the left edge', () => {
    expect(popoverPosition({ x: 10, y: 0, width: 24, height: 24 }, size, mac.workArea)).toEqual({ x: 0, y: 28 });
  });

  it('opens on a second display with offset and negative coordinates', () => {
    const tray = { x: 3000, y: -180, width: 24, height: 24 };
    expect(displayForTray([mac, second], tray)).toBe(second);
    expect(popoverPosition(tray, size, second.workArea)).toEqual({ x: 2832, y: -152 });
  });

  it('opens above the icon when the taskbar is at the bottom', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1040 };
    expect(popoverPosition({ x: 1800, y: 1040, width: 40, height: 40 }, size, workArea)).toEqual({ x: 1560, y: 556 });
  });

  it('opens beside the icon when the taskbar is on the left or right', () => {
    const left = { x: 48, y: 0, width: 1872, height: 1080 };
    expect(popoverPosition({ x: 4, y: 1000, width: 40, height: 40 }, size, left)).toEqual({ x: 48, y: 600 });
    const right = { x: 0, y: 0, width: 1872, height: 1080 };
    expect(popoverPosition({ x: 1876, y: 20, width: 40, height: 40 }, size, right)).toEqual({ x: 1512, y: 0 });
  });

  it('uses the top-right corner when the tray reports no bounds (some Linux panels)', () => {
    const workArea = { x: 0, y: 32, width: 1920, height: 1048 };
    expect(popoverPosition({ x: 0, y: 0, width: 0, height: 0 }, size, workArea)).toEqual({ x: 1556, y: 36 });
  });

  it('never leaves the work area even when the popover is larger than the screen', () => {
    const tiny = { x: 0, y: 25, width: 300, height: 400 };
    expect(popoverPosition({ x: 150, y: 0, width: 24, height: 24 }, size, tiny)).toEqual({ x: 0, y: 25 });
  });
});

describe('displayForTray', () => {
  it('picks the nearest display when the icon lies on none (bounds reported in the gap)', () => {
    expect(displayForTray([mac, second], { x: 1500, y: 950, width: 24, height: 24 })).toBe(second);
    expect(displayForTray([mac, second], { x: -50, y: 10, width: 24, height: 24 })).toBe(mac);
  });
});
