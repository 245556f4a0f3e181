#!/usr/bin/env node
// Bundles the Node side into dist/: the CLI (with one chunk per command, loaded on demand so a
// cold `clawbar models status` reads only what it needs), the Electron main process and preload.
// Dependencies stay external and load from node_modules.
import { chmod, readFile } from 'node:fs/promises';

import { build } from 'esbuild';

const { version, dependencies } = JSON.parse(await readFile('package.json', 'utf8'));

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
    // zod is bundled into the CLI: loaded from node_modules it is ~100 ESM files and costs a cold
    // `clawbar models status` ~60 ms; bundled, ~20 ms (bench/models-status.bench.mjs).
    packages: undefined,
    external: Object.keys(dependencies).filter((name) => name !== 'zod'),
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
