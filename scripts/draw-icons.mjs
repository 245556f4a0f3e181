#!/usr/bin/env node
// Draws clawbar's icons into assets/: the menu-bar template icons (ok / expiring / expired at
// 16 px and 32 px @2x, black + alpha, `*Template.png` so macOS tints them for light and dark
// menu bars), white twins for Linux panels, and the 1024 px app icon. Shapes are described in a
// 16-unit space and rendered with 8×8 supersampling, so both sizes come out of one drawing.
// Run: `node scripts/draw-icons.mjs` (output is committed; no dependency beyond node:zlib).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

const OUT = path.resolve(import.meta.dirname, '..', 'assets');

// ---------------------------------------------------------------------------------------------
// A minimal PNG encoder: 8-bit RGBA, no interlace, filter 0 on every row.

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Geometry in a 16×16 unit space (y grows downwards).

function distToSegment(px, py, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** A round-capped stroke along a quadratic curve, sampled as a polyline. */
function curve(a, control, b, width) {
  const points = [];
  for (let i = 0; i <= 16; i++) {
    const t = i / 16;
    const u = 1 - t;
    points.push([
      u * u * a[0] + 2 * u * t * control[0] + t * t * b[0],
      u * u * a[1] + 2 * u * t * control[1] + t * t * b[1],
    ]);
  }
  return (x, y) => {
    for (let i = 1; i < points.length; i++) {
      const [ax, ay] = points[i - 1];
      const [bx, by] = points[i];
      if (distToSegment(x, y, ax, ay, bx, by) <= width / 2) return true;
    }
    return false;
  };
}

const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) <= r;
const union =
  (...shapes) =>
  (x, y) =>
    shapes.some((s) => s(x, y));
const minus = (shape, hole) => (x, y) => shape(x, y) && !hole(x, y);

/** Three claw marks raking down to the left, the middle one longest. */
function clawMarks(scale = 1, dx = 0, dy = 0, width = 2) {
  const p = ([x, y]) => [x * scale + dx, y * scale + dy];
  return union(
    curve(p([6.2, 2.6]), p([3.4, 6.2]), p([2.2, 11.4]), width),
    curve(p([10.2, 1.6]), p([7.0, 6.6]), p([5.8, 14.2]), width),
    curve(p([14.0, 2.8]), p([11.0, 7.4]), p([9.8, 12.6]), width),
  );
}

// The status badge sits in the bottom-right corner. Its centre is a pixel centre at 16 px and its
// symbol is made of whole pixels, so the clock hands and the exclamation mark stay crisp at 1x.
// The marks shrink towards the top-left to make room, and a clear ring separates them from it.
const BADGE = { cx: 11.5, cy: 11.5, r: 4.1, gap: 1.3 };

const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;

function withBadge(symbol) {
  const marks = clawMarks(0.82, -0.3, -0.6, 1.9);
  const disc = circle(BADGE.cx, BADGE.cy, BADGE.r);
  const clearance = circle(BADGE.cx, BADGE.cy, BADGE.r + BADGE.gap);
  return union(minus(marks, clearance), minus(disc, symbol));
}

// A clock face: the hands (12 and 3 o'clock) knocked out of the disc.
const clockHands = union(rect(11, 8.9, 12, 12), rect(11, 11, 14, 12));
// An exclamation mark knocked out of the disc.
const exclamation = union(rect(11, 8.6, 12, 12), rect(11, 13, 12, 14));

const TRAY_SHAPES = {
  Ok: clawMarks(),
  Expiring: withBadge(clockHands),
  Expired: withBadge(exclamation),
};

// ---------------------------------------------------------------------------------------------
// Rendering.

/** Coverage of `shape` over a `size`² raster of the 16-unit space, with n×n samples per pixel. */
function rasterize(shape, size, n = 8) {
  const coverage = new Float32Array(size * size);
  const unit = 16 / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let hits = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          if (shape((px + (sx + 0.5) / n) * unit, (py + (sy + 0.5) / n) * unit)) hits++;
        }
      }
      coverage[py * size + px] = hits / (n * n);
    }
  }
  return coverage;
}

function solid(coverage, size, [r, g, b]) {
  const rgba = Buffer.alloc(size * size * 4);
  for (let i = 0; i < size * size; i++) {
    rgba[i * 4] = r;
    rgba[i * 4 + 1] = g;
    rgba[i * 4 + 2] = b;
    rgba[i * 4 + 3] = Math.round(coverage[i] * 255);
  }
  return rgba;
}

function write(name, size, rgba) {
  writeFileSync(path.join(OUT, name), encodePng(size, size, rgba));
  console.log(`assets/${name} ${size}×${size}`);
}

/** The app icon: white claw marks on a rounded square with a warm gradient. */
function appIcon(size) {
  const n = 3;
  const rgba = Buffer.alloc(size * size * 4);
  const marks = clawMarks(0.62, 3.0, 3.0, 1.55);
  const inset = 16 * 0.09; // macOS icon grid: the tile leaves a margin for the shadow
  const radius = 16 * 0.2;
  const inTile = (x, y) => {
    const qx = Math.max(Math.abs(x - 8) - (8 - inset - radius), 0);
    const qy = Math.max(Math.abs(y - 8) - (8 - inset - radius), 0);
    return Math.hypot(qx, qy) <= radius;
  };
  const unit = 16 / size;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let tile = 0;
      let ink = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const x = (px + (sx + 0.5) / n) * unit;
          const y = (py + (sy + 0.5) / n) * unit;
          if (inTile(x, y)) {
            tile++;
            if (marks(x, y)) ink++;
          }
        }
      }
      const i = (py * size + px) * 4;
      const t = py / size;
      // #ff8a3d at the top to #d9342b at the bottom.
      const bg = [255 + (217 - 255) * t, 138 + (52 - 138) * t, 61 + (43 - 61) * t];
      const a = ink / Math.max(tile, 1);
      rgba[i] = Math.round(bg[0] + (255 - bg[0]) * a);
      rgba[i + 1] = Math.round(bg[1] + (255 - bg[1]) * a);
      rgba[i + 2] = Math.round(bg[2] + (255 - bg[2]) * a);
      rgba[i + 3] = Math.round((tile / (n * n)) * 255);
    }
  }
  return rgba;
}

mkdirSync(OUT, { recursive: true });
for (const [state, shape] of Object.entries(TRAY_SHAPES)) {
  for (const [size, suffix] of [
    [16, ''],
    [32, '@2x'],
  ]) {
    const coverage = rasterize(shape, size);
    write(`tray${state}Template${suffix}.png`, size, solid(coverage, size, [0, 0, 0]));
    write(`tray${state}Light${suffix}.png`, size, solid(coverage, size, [255, 255, 255]));
  }
}
if (!process.argv.includes('--tray-only')) write('icon.png', 1024, appIcon(1024));
