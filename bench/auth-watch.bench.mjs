#!/usr/bin/env node
// Latency from a rewrite of auth.json (truncate + write, as Codex does it) to the auth engine's
// `changed` event: p50 / p95 over 40 rewrites. Target p95 ≤ 250 ms. Bundles the engine from
// source with esbuild into a temp file first. Prints one JSON object.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { build } from 'esbuild';

import { fakeJwt, percentile, round } from './stats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROUNDS = 40;
const work = mkdtempSync(path.join(os.tmpdir(), 'clawbar-watch-bench-'));
const bundle = path.join(root, 'node_modules', '.cache', `auth-watch-bench-${process.pid}.mjs`);

const authJson = (i) =>
  JSON.stringify({
    auth_mode: 'chatgpt',
    tokens: {
      access_token: fakeJwt({ exp: Math.floor(Date.now() / 1000) + 86400 * 5 + i }),
      refresh_token: `rt_${i}`,
      account_id: 'acct',
    },
    last_refresh: new Date().toISOString(),
  });

let engine;
try {
  await build({
    stdin: {
      contents: `export { createAuthEngine } from './src-main/core/auth/engine.ts';
export { resolveConfig } from './src-main/core/config/load.ts';
export { resolvePaths } from './src-main/core/config/paths.ts';
export { createFileSecretStore } from './src-main/core/secrets/secret-store.ts';`,
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: bundle,
    logLevel: 'warning',
  });
  const { createAuthEngine, resolveConfig, resolvePaths, createFileSecretStore } = await import(
    pathToFileURL(bundle).href
  );
  const env = {
    HOME: work,
    CLAWBAR_HOME: path.join(work, '.clawbar'),
    CODEX_HOME: path.join(work, '.codex'),
    CLAUDE_CONFIG_DIR: path.join(work, '.claude'),
  };
  mkdirSync(env.CODEX_HOME, { recursive: true });
  const file = path.join(env.CODEX_HOME, 'auth.json');
  writeFileSync(file, authJson(-1));
  const secrets = createFileSecretStore(path.join(env.CLAWBAR_HOME, 'secrets.json'));
  const quiet = {
    info() {},
    warn() {},
    error() {},
    debug() {},
    child() {
      return quiet;
    },
  };
  engine = createAuthEngine({
    paths: resolvePaths(env),
    config: resolveConfig({}, env),
    env,
    secrets,
    keychain: () => secrets,
    logger: quiet,
  });
  await engine.start();

  const latencies = [];
  for (let i = 0; i < ROUNDS; i++) {
    const changed = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no changed event for rewrite ${i}`)), 5000);
      const off = engine.onChanged(() => {
        clearTimeout(timer);
        off();
        resolve(performance.now());
      });
    });
    const start = performance.now();
    writeFileSync(file, authJson(i)); // truncate + write, not atomic: what Codex does
    latencies.push((await changed) - start);
    await new Promise((r) => setTimeout(r, 60));
  }
  console.log(
    JSON.stringify({
      rewrites: ROUNDS,
      p50Ms: round(percentile(latencies, 50)),
      p95Ms: round(percentile(latencies, 95)),
      maxMs: round(Math.max(...latencies)),
      targets: { p95Ms: 250 },
    }),
  );
} finally {
  await engine?.stop();
  rmSync(work, { recursive: true, force: true });
  rmSync(bundle, { force: true });
}
