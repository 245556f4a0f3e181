// scripts/setup-native.mjs as a real process: it builds keytar against the running Node's own
// headers, and when a build cannot work it names the real cause (headers, toolchain or libsecret)
// instead of blaming all of them. `--check` runs the same pre-flight without building, so these
// tests never touch the addon the rest of the suite loads. The build itself, from an empty HOME
// with no npm config, is proven by .ci/run.
import { spawnSync } from 'node:child_process';
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const script = path.join(root, 'scripts', 'setup-native.mjs');

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'clawbar-setup-'));
  temps.push(dir);
  return dir;
};

/** Runs `--check` with exactly `env` (plus an empty HOME: no npm config of the developer's). */
function check(env: Record<string, string>, node = process.execPath) {
  const run = spawnSync(node, [script, '--check'], { cwd: root, env: { HOME: tempDir(), ...env }, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const basePath = process.env.PATH ?? '';
const ifLinux = process.platform === 'linux' ? it : it.skip;

describe('setup-native', () => {
  it("builds against the running Node's own headers, with nothing to download", () => {
    const run = check({ PATH: basePath });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const headers = path.join(path.dirname(process.execPath), '..', 'include', 'node');
    expect(run.stdout).toBe(`[setup] keytar can be built against ${path.resolve(headers)}\n`);
  });

  it('names missing Node headers (and nothing else) when this Node has none', () => {
    // The same Node binary at a prefix without include/node: a hard link where the file system allows it.
    const prefix = tempDir();
    mkdirSync(path.join(prefix, 'bin'));
    const node = path.join(prefix, 'bin', 'node');
    try {
      linkSync(process.execPath, node);
    } catch {
      copyFileSync(process.execPath, node);
    }
    const run = check({ PATH: basePath }, node);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `[setup] keytar cannot be built: missing Node's headers (not in ${prefix}/include/node) — install the headers that belong to this Node (Debian/Ubuntu: apt-get install libnode-dev), or use an official Node build, which ships them\n` +
        '[setup] the keychain stays unavailable until then (read-only commands still work)\n',
    );
  });

  it('blames a wrong nodedir from the npm config, not libsecret', () => {
    const run = check({ PATH: basePath, npm_config_nodedir: '/nonexistent/node' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^\[setup\] keytar cannot be built: missing Node's headers \(not in \/nonexistent\/node\/include\/node\) — point npm_config_nodedir/,
    );
    expect(run.stderr).not.toMatch(/libsecret|toolchain/);
  });

  it('names the missing tools of the C++ toolchain', () => {
    // PATH holds node and nothing else.
    const bin = tempDir();
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const run = check({ PATH: bin });
    expect(run.code).toBe(1);
    const tools =
      process.platform === 'linux' ? 'python3, make, a C++ compiler, pkg-config' : 'python3, make, a C++ compiler';
    expect(run.stderr.split('\n')[0]).toMatch(
      new RegExp(
        `^\\[setup\\] keytar cannot be built: missing the C\\+\\+ toolchain \\(${tools.replace(/\+/g, '\\+')}\\) — `,
      ),
    );
    expect(run.stderr).not.toMatch(/headers|libsecret/);
  });

  ifLinux('names libsecret when pkg-config cannot find it', () => {
    // pkg-config searches only PKG_CONFIG_LIBDIR when it is set: an empty one hides libsecret-1.pc.
    const run = check({ PATH: basePath, PKG_CONFIG_LIBDIR: tempDir() });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      '[setup] keytar cannot be built: missing libsecret (pkg-config knows no libsecret-1) — apt-get install libsecret-1-dev (Fedora: dnf install libsecret-devel)\n' +
        '[setup] the keychain stays unavailable until then (read-only commands still work)\n',
    );
  });
});
