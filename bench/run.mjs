#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.mjs (each prints one JSON object on stdout) and prints
// their results as one JSON object keyed by bench name.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const results = {
  machine: { node: process.version, platform: process.platform, cpus: (await import('node:os')).cpus().length },
};
for (const file of readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .sort()) {
  const name = file.replace(/\.bench\.mjs$/, '');
  if (only.length > 0 && !only.includes(name)) continue;
  const run = spawnSync(process.execPath, [path.join(here, file)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    results[name] = JSON.parse(run.stdout);
  } catch {
    results[name] = { error: `exit ${run.status}`, output: run.stdout.slice(-500) };
  }
}
console.log(JSON.stringify(results, null, 2));
