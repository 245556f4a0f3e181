// Where the popover opens: under the tray icon when the bar is at the top (macOS, most Linux
// panels), above it when the taskbar is at the bottom, beside it for a side taskbar — always
// inside the work area of the display that holds the icon. Pure: tested with plain rectangles.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DisplayLike {
  bounds: Rect;
  workArea: Rect;
}

/** Gap between the icon and the popover, in px. */
const GAP = 4;

function clamp(value: number, min: number, max: number): number {
  return Math.max(min, Math.min(value, Math.max(min, max)));
}

function contains(rect: Rect, x: number, y: number): boolean {
  return x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
}

/**
 * The display that holds the tray icon's centre (a second display's menu bar has its own icon);
 * the nearest display when none holds it; the first when the icon has no bounds.
 */
export function displayForTray<D extends DisplayLike>(displays: D[], tray: Rect): D {
  if (displays.length === 0) throw new Error('no displays');
  const cx = tray.x + tray.width / 2;
  const cy = tray.y + tray.height / 2;
  const holding = displays.find((d) => contains(d.bounds, cx, cy));
  if (holding) return holding;
  const distance = (d: D) => {
    const dx = Math.max(d.bounds.x - cx, 0, cx - (d.bounds.x + d.bounds.width));
    const dy = Math.max(d.bounds.y - cy, 0, cy - (d.bounds.y + d.bounds.height));
    return dx * dx + dy * dy;
  };
  return [...displays].sort((a, b) => distance(a) - distance(b))[0]!;
}

/**
 * Top-left corner for a `size` popover anchored to the tray icon `tray` on a display whose usable
 * area is `workArea` (screen coordinates, which may be negative on a display left of the primary).
 * Some Linux trays report empty bounds: the popover then goes to the work area's top-right corner.
 */
export function popoverPosition(tray: Rect, size: { width: number; height: number }, workArea: Rect) {
  const right = workArea.x + workArea.width;
  const bottom = workArea.y + workArea.height;
  const fit = (x: number, y: number) => ({
    x: Math.round(clamp(x, workArea.x, right - size.width)),
    y: Math.round(clamp(y, workArea.y, bottom - size.height)),
  });
  if (tray.width === 0 && tray.height === 0) return fit(right - size.width - GAP, workArea.y + GAP);

  const cx = tray.x + tray.width / 2;
  const cy = tray.y + tray.height / 2;
  const centredX = cx - size.width / 2;
  const centredY = cy - size.height / 2;
  // Which edge of the work area the icon sits against tells where the bar is.
  if (tray.y + tray.height <= workArea.y + GAP) return fit(centredX, tray.y + tray.height + GAP); // top
  if (tray.y >= bottom - GAP) return fit(centredX, tray.y - size.height - GAP); // bottom
  if (tray.x + tray.width <= workArea.x + GAP) return fit(tray.x + tray.width + GAP, centredY); // left
  if (tray.x >= right - GAP) return fit(tray.x - size.width - GAP, centredY); // right
  // The icon lies inside the work area (a bar that does not reserve space): below or above it,
  // whichever half of the screen it is in.
  return cy < workArea.y + workArea.height / 2
    ? fit(centredX, tray.y + tray.height + GAP)
    : fit(centredX, tray.y - size.height - GAP);
}
