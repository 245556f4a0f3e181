#!/usr/bin/env node
// The dashboard bundle (issue 19 adds its charts): the gzip size of each built asset in
// dist/renderer/assets, the total against the 200 KB budget, and the share of the history charts
// (src-renderer/components/charts/, measured by building them alone with the same minifier).
// Prints one JSON object.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { build } from 'esbuild';

import { root } from './load-ts.mjs';
import { round } from './stats.mjs';

const dir = path.join(root, 'dist', 'renderer', 'assets');
if (!existsSync(dir)) {
  console.log(JSON.stringify({ error: 'dist/renderer missing: run `npm run build` (npm run bench does)' }));
  process.exit(1);
}
const kb = (bytes) => round(bytes / 1024, 1);
const assets = Object.fromEntries(
  readdirSync(dir)
    .sort()
    .map((name) => [name.replace(/-[\w-]{8}(\.\w+)$/, '$1'), kb(gzipSync(readFileSync(path.join(dir, name))).length)]),
);
const totalKb = round(
  Object.values(assets).reduce((a, b) => a + b, 0),
  1,
);

// The charts alone: their own code minified and gzipped, React and the shared modules left out.
const charts = path.join(root, 'src-renderer', 'components', 'charts');
const entries = readdirSync(charts).filter((f) => /\.tsx?$/.test(f) && !f.includes('.test.'));
const alone = await build({
  stdin: {
    contents: entries.map((f) => `export * from './${f.replace(/\.tsx?$/, '')}';`).join('\n'),
    resolveDir: charts,
    loader: 'ts',
  },
  bundle: true,
  minify: true,
  format: 'esm',
  jsx: 'automatic',
  external: ['react', 'react/*', '../../../src-shared/*', '../../gateway/*', '../../lib/*', '*.css'],
  write: false,
  logLevel: 'error',
});
const chartsCss = readFileSync(path.join(charts, 'charts.css'));
console.log(
  JSON.stringify({
    gzipKb: assets,
    totalGzipKb: totalKb,
    budgetKb: 200,
    chartsGzipKb: { js: kb(gzipSync(alone.outputFiles[0].contents).length), css: kb(gzipSync(chartsCss).length) },
  }),
);
