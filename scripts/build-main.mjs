#!/usr/bin/env node
// Bundles the Node side into dist/: the CLI (with one chunk per command, loaded on demand so a
// cold `clawbar models status` reads only what it needs), the Electron main process and preload.
// Dependencies stay external and load from node_modules.
import { chmod, readFile } from 'node:fs/promises';

import { build } from 'esbuild';

const { version } = JSON.parse(await readFile('package.json', 'utf8'));

const common = {
  define: { __CLAWBAR_VERSION__: JSON.stringify(version) },
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
};

await Promise.all([
  build({
    ...common,
    entryPoints: { cli: 'src-main/cli/main.ts' },
    outdir: 'dist',
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({
    ...common,
    entryPoints: { main: 'src-main/electron/main.ts' },
    outdir: 'dist/electron',
    format: 'esm',
    external: ['electron'],
  }),
  build({
    // Sandboxed preloads must be CommonJS and may require only `electron`.
    ...common,
    entryPoints: { preload: 'src-main/electron/preload.ts' },
    outdir: 'dist/electron',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    external: ['electron'],
  }),
]);
await chmod('dist/cli.js', 0o755);
