// electron-builder.yml checked without building (the Electron binary cannot be downloaded here):
// valid against electron-builder's own schema, and holding the settings the design requires.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { inflateSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
// app-builder-lib and js-yaml come with electron-builder; resolve them through it.
const requireFromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder/package.json'));
const builderLib = createRequire(requireFromBuilder.resolve('app-builder-lib/package.json'));
const yaml = builderLib('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = builderLib('./out/util/config/config') as {
  validateConfiguration(config: unknown, debugLogger: unknown): Promise<void>;
};

interface BuilderConfig {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  mac: {
    category: string;
    target: Array<{ target: string; arch: string[] }>;
    hardenedRuntime: boolean;
    entitlements: string;
    extendInfo: Record<string, unknown>;
  };
  linux: { target: string[] };
}

/** RGB and alpha bytes of an 8-bit RGBA PNG written by scripts/draw-icons.mjs (filter 0 rows). */
function pixels(png: Buffer, size: number): { rgb: number[]; alpha: number[] } {
  const idat: Buffer[] = [];
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    if (png.toString('ascii', offset + 4, offset + 8) === 'IDAT')
      idat.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgb: number[] = [];
  const alpha: number[] = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * (size * 4 + 1) + 1 + x * 4;
      rgb.push(raw[i]!, raw[i + 1]!, raw[i + 2]!);
      alpha.push(raw[i + 3]!);
    }
  }
  return { rgb, alpha };
}

const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it("passes electron-builder's schema", async () => {
    await expect(validateConfiguration(config, { add: () => undefined })).resolves.toBeUndefined();
  });

  it('builds a menu-bar-only developer tool for both Mac architectures, plus AppImage and deb', () => {
    expect(config).toMatchObject({ appId: 'dev.clawbar.app', productName: 'clawbar' });
    expect(config.mac.category).toBe('public.app-category.developer-tools');
    expect(config.mac.extendInfo.LSUIElement).toBe(true);
    expect(config.mac.target).toEqual([
      { target: 'dmg', arch: ['arm64', 'x64'] },
      { target: 'zip', arch: ['arm64', 'x64'] },
    ]);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
  });

  it('hardens the package: runtime, entitlements on disk, fuses, the native addons unpacked, no rebuild', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    const entitlements = readFileSync(path.join(root, config.mac.entitlements), 'utf8');
    expect(entitlements).toContain('com.apple.security.cs.allow-jit');
    expect(entitlements).not.toContain('disable-library-validation');
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
    });
    expect(config.asarUnpack).toEqual([
      '**/node_modules/keytar/**/*.node',
      '**/node_modules/@libsql/**/*.node',
      '**/node_modules/@napi-rs/keyring-*/**/*.node',
    ]);
    expect(config.npmRebuild).toBe(false);
  });

  it('ships the bundle, package.json and every tray icon the app loads', () => {
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'package.json', 'assets/tray*.png']));
    for (const state of ['Ok', 'Expiring', 'Expired']) {
      for (const variant of ['Template', 'Template@2x', 'Light', 'Light@2x']) {
        const png = readFileSync(path.join(root, 'assets', `tray${state}${variant}.png`));
        expect(png.subarray(1, 4).toString()).toBe('PNG');
        const size = png.readUInt32BE(16);
        expect(size).toBe(variant.endsWith('@2x') ? 32 : 16);
        // Template images are pure black with alpha (macOS tints them); Light ones pure white.
        const { rgb, alpha } = pixels(png, size);
        expect(new Set(rgb)).toEqual(new Set([variant.startsWith('Template') ? 0 : 255]));
        expect(Math.max(...alpha)).toBe(255);
        expect(alpha.filter((a) => a === 0).length).toBeGreaterThan(size * size * 0.3);
      }
    }
  });
});
