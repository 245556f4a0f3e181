#!/usr/bin/env node
// Builds what `npm install` deliberately leaves out (.npmrc sets ignore-scripts): keytar's native
// addon, compiled from source so nothing is downloaded. node-gyp fetches Node's headers from
// nodejs.org unless told where they are, but every Node ships its own (`<prefix>/include/node`),
// so the build uses those of the Node running this script. Before building it checks the three
// things a build needs — Node's headers, the C++ toolchain and (on Linux) libsecret — and when one
// is missing it says which, with the fix. Idempotent and quick when there is nothing to do;
// `npm start` and `npm test` call it.
//
// usage: node scripts/setup-native.mjs [--check]   (--check: only report what a build would lack)
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const env = process.env;
const platform = process.platform;

/** Node's headers: `npm_config_nodedir` when the user set one (npm exports their config), else this Node's prefix. */
function nodeHeaders() {
  const dir = env.npm_config_nodedir || path.resolve(path.dirname(process.execPath), '..');
  // An installed Node keeps them in include/node; a source tree (nodedir=<checkout>) has common.gypi at its root.
  const found = ['include/node/common.gypi', 'common.gypi'].some((file) => existsSync(path.join(dir, file)));
  return { dir, found: found && existsSync(path.join(dir, 'include', 'node', 'node_api.h')) };
}

/** The executable `name` on PATH, or null. */
function onPath(name) {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

const TOOLCHAIN_FIX = {
  linux: 'apt-get install python3 make g++ pkg-config (Fedora: dnf install python3 make gcc-c++ pkgconf)',
  darwin: 'xcode-select --install',
};

/** The headers to build against, and what a build would lack: one `{ what, fix }` per cause. */
function missingPieces() {
  const headers = nodeHeaders();
  const missing = [];
  if (platform === 'win32') return { headers, missing }; // node-gyp finds Visual Studio itself and names what is missing
  if (!headers.found) {
    missing.push({
      what: `Node's headers (not in ${path.join(headers.dir, 'include', 'node')})`,
      fix: env.npm_config_nodedir
        ? `point npm_config_nodedir (your npm config "nodedir") at a Node prefix that has include/node, or unset it`
        : 'install the headers that belong to this Node (Debian/Ubuntu: apt-get install libnode-dev), or use an official Node build, which ships them',
    });
  }
  const compiler = [env.CXX, 'c++', 'g++', 'clang++'].find((name) => name && onPath(name));
  const tools = [
    ['python3', onPath('python3')],
    ['make', onPath('make')],
    ['a C++ compiler', compiler],
  ];
  if (platform === 'linux') tools.push(['pkg-config', onPath('pkg-config')]);
  const absent = tools.filter(([, file]) => !file).map(([name]) => name);
  if (absent.length > 0) {
    missing.push({ what: `the C++ toolchain (${absent.join(', ')})`, fix: TOOLCHAIN_FIX[platform] ?? 'install them' });
  }
  // keytar's binding.gyp asks pkg-config for libsecret-1 (Linux only; macOS uses the Security framework).
  if (platform === 'linux' && !absent.includes('pkg-config')) {
    const probe = spawnSync('pkg-config', ['--exists', 'libsecret-1'], { env, stdio: 'ignore' });
    if (probe.status !== 0) {
      missing.push({
        what: 'libsecret (pkg-config knows no libsecret-1)',
        fix: 'apt-get install libsecret-1-dev (Fedora: dnf install libsecret-devel)',
      });
    }
  }
  return { headers, missing };
}

const say = (line) => console.log(`[setup] ${line}`);
const complain = (line) => console.error(`[setup] ${line}`);
const UNAVAILABLE = 'the keychain stays unavailable until then (read-only commands still work)';

const keytarDir = path.dirname(require.resolve('keytar/package.json'));
const addon = path.join(keytarDir, 'build', 'Release', 'keytar.node');
const checkOnly = process.argv.includes('--check');

if (checkOnly || !existsSync(addon)) {
  const { headers, missing } = missingPieces();
  for (const { what, fix } of missing) complain(`keytar cannot be built: missing ${what} — ${fix}`);
  if (missing.length > 0) {
    complain(UNAVAILABLE);
    process.exitCode = 1;
  } else if (checkOnly) {
    say(`keytar can be built against ${path.join(headers.dir, 'include', 'node')}`);
  } else {
    say(`building keytar from source against ${path.join(headers.dir, 'include', 'node')}…`);
    const run = spawnSync(
      platform === 'win32' ? 'npm.cmd' : 'npm',
      ['rebuild', 'keytar', '--ignore-scripts=false', '--foreground-scripts'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...env,
          // node-gyp takes the headers from here instead of downloading them.
          npm_config_nodedir: headers.dir,
          // keytar's prebuild-install step gives up at once instead of trying a download.
          npm_config_build_from_source: 'true',
          npm_config_update_notifier: 'false',
        },
      },
    );
    if (run.status !== 0 || !existsSync(addon)) {
      process.stderr.write(`${run.stdout ?? ''}${run.stderr ?? ''}`.split('\n').slice(-30).join('\n'));
      complain(
        `keytar did not build, although Node's headers, the toolchain and libsecret were found: see the compiler output above — ${UNAVAILABLE}`,
      );
      process.exitCode = 1;
    }
  }
}
