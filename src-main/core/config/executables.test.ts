import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { executableToSpawn, isPackageBinDir, resolveExecutable, searchPath } from './executables.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A temp tree with an executable `codex` in each of the given relative dirs. */
function tree(...dirs: string[]): { root: string; at(dir: string): string } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'clawbar-exec-'));
  roots.push(root);
  for (const dir of dirs) {
    mkdirSync(path.join(root, dir), { recursive: true });
    writeFileSync(path.join(root, dir, 'codex'), '#!/bin/sh\necho codex\n');
    chmodSync(path.join(root, dir, 'codex'), 0o755);
  }
  return { root, at: (dir) => path.join(root, dir) };
}

describe('resolveExecutable', () => {
  it('skips a package’s node_modules/.bin that npm put first on PATH and finds the user’s own copy', () => {
    const t = tree('project/node_modules/.bin', 'usr/local/bin');
    const env = { PATH: [t.at('project/node_modules/.bin'), t.at('usr/local/bin')].join(path.delimiter) };
    expect(resolveExecutable('codex', env)).toBe(path.join(t.at('usr/local/bin'), 'codex'));
    expect(executableToSpawn('codex', env)).toBe(path.join(t.at('usr/local/bin'), 'codex'));
  });

  it('finds nothing when the only copy is in a node_modules/.bin (the checkout’s devDependency)', () => {
    // The repository's own node_modules/.bin holds the real @openai/codex.
    const repoBin = path.resolve('node_modules/.bin');
    expect(resolveExecutable('codex', { PATH: repoBin })).toBeNull();
    expect(executableToSpawn('codex', { PATH: repoBin })).toBeNull();
    expect(searchPath({ PATH: `${repoBin}${path.delimiter}/usr/bin` })).toEqual(['/usr/bin']);
  });

  it('takes a configured path as it is, even inside node_modules', () => {
    const t = tree('project/node_modules/.bin');
    const file = path.join(t.at('project/node_modules/.bin'), 'codex');
    expect(resolveExecutable(file, { PATH: '' })).toBe(file);
    // A path is handed to spawn unchecked, so spawn's own ENOENT/EACCES names what is wrong.
    expect(executableToSpawn('/nonexistent/codex', { PATH: '' })).toBe('/nonexistent/codex');
    expect(resolveExecutable('/nonexistent/codex', { PATH: '' })).toBeNull();
  });

  it('passes over directories and files that are not executable', () => {
    const t = tree('good');
    mkdirSync(path.join(t.root, 'dir/codex'), { recursive: true });
    mkdirSync(path.join(t.root, 'plain'));
    writeFileSync(path.join(t.root, 'plain/codex'), 'x', { mode: 0o644 });
    const env = { PATH: [t.at('dir'), t.at('plain'), t.at('good')].join(path.delimiter) };
    expect(resolveExecutable('codex', env)).toBe(path.join(t.at('good'), 'codex'));
  });

  it('recognises package bin dirs by their last two segments only', () => {
    expect(isPackageBinDir('/home/me/project/node_modules/.bin')).toBe(true);
    expect(isPackageBinDir('/home/me/.npm/_npx/1a2b/node_modules/.bin/')).toBe(true);
    expect(isPackageBinDir('/home/me/.bin')).toBe(false);
    expect(isPackageBinDir('/home/me/node_modules/tool/bin')).toBe(false);
    expect(isPackageBinDir('/usr/local/bin')).toBe(false);
  });
});
