// Shared by the history and log-scan benches: bundles clawbar's TypeScript modules into one .mjs
// inside node_modules/.cache (so `libsql` and `fzstd` resolve from node_modules) and imports it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { build } from 'esbuild';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Imports `modules` (paths relative to the checkout) as one namespace. */
export async function loadTs(modules) {
  const bundled = await build({
    stdin: { contents: modules.map((m) => `export * from './${m}';`).join('\n'), resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'error',
  });
  const cacheDir = path.join(root, 'node_modules', '.cache');
  mkdirSync(cacheDir, { recursive: true });
  const dir = mkdtempSync(path.join(cacheDir, 'clawbar-bench-'));
  const file = path.join(dir, 'bench.mjs');
  writeFileSync(file, bundled.outputFiles[0].text);
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
