#!/usr/bin/env node
// Builds what `npm install` deliberately leaves out (.npmrc sets ignore-scripts): keytar's
// native addon, compiled from source against libsecret so nothing is downloaded. Idempotent
// and quick when there is nothing to do; `npm start` and `npm test` call it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const keytarDir = path.dirname(require.resolve('keytar/package.json'));
const addon = path.join(keytarDir, 'build', 'Release', 'keytar.node');

if (!existsSync(addon)) {
  console.log('[setup] building keytar from source (needs libsecret-1-dev on Linux)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const run = spawnSync(
    npm,
    ['rebuild', 'keytar', '--ignore-scripts=false', '--foreground-scripts'],
    // build_from_source makes keytar's prebuild-install step give up at once instead of trying a download.
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_build_from_source: 'true' },
    },
  );
  if (run.status !== 0 || !existsSync(addon)) {
    process.stderr.write(`${run.stdout ?? ''}${run.stderr ?? ''}`.split('\n').slice(-30).join('\n'));
    console.error(
      '[setup] keytar did not build: install a C++ toolchain and libsecret-1-dev (Debian/Ubuntu) — the keychain stays unavailable until then',
    );
    process.exitCode = 1;
  }
}
