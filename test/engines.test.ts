// `npm install` must not warn EBADENGINE on the Node versions package.json's `engines` admits: every
// package in the lockfile has to accept both the oldest of them and the Node running the tests.
// (npm's own check is `semver.satisfies(process.version, engines.node)`, per package.)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, unknown>;

interface LockEntry {
  version?: string;
  engines?: { node?: string } | string[];
}

describe('engines', () => {
  const pkg = readJson('package.json') as { engines: { node: string } };
  const lock = readJson('package-lock.json') as { packages: Record<string, LockEntry> };
  const oldest = semver.minVersion(pkg.engines.node)!.version;

  it('README names the same oldest Node as package.json', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const [, major, minor] = /^(\d+)\.(\d+)\.0$/.exec(oldest)!;
    expect(readme).toContain(`Node.js ≥ ${major}.${minor}`);
  });

  it('every locked package accepts the oldest supported Node and this one (no EBADENGINE)', () => {
    const refusing: string[] = [];
    for (const [where, entry] of Object.entries(lock.packages)) {
      // Old lockfiles may hold the array form, which npm ignores.
      const range = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
      if (!where || !range) continue;
      for (const node of [oldest, process.version]) {
        if (!semver.satisfies(node, range, { includePrerelease: true })) {
          refusing.push(`${where}@${entry.version ?? '?'} wants node ${range}, not ${node}`);
        }
      }
    }
    expect(refusing).toEqual([]);
  });
});
