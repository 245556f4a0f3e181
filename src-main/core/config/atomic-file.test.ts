import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { bundleScript } from '../../../test/fixtures/bundle-script.js';

import { writeFileAtomic, writeJsonAtomic } from './atomic-file.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'clawbar-atomic-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes a 0600 file inside a 0700 directory it creates', async () => {
    const file = path.join(tempDir(), 'nested', 'state', 'notified.json');
    await writeJsonAtomic(file, { a: 1 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ a: 1 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
  });

  it('replaces an existing file whole and leaves no temp files behind', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'config.json');
    writeFileSync(file, 'old');
    await writeFileAtomic(file, 'new contents');
    expect(readFileSync(file, 'utf8')).toBe('new contents');
    expect(readdirSync(dir)).toEqual(['config.json']);
  });

  it('leaves the old file intact when the writer is killed mid-write', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'auth-profiles.json');
    const oldBody = JSON.stringify({ version: 'old', pad: 'o'.repeat(4 << 20) });
    writeFileSync(file, oldBody);
    // A child rewrites the file with an 8 MiB body, over and over, until it is SIGKILLed.
    const script = await bundleScript({
      resolveDir: path.resolve('src-main/core/config'),
      code: `
        import { writeFileAtomic } from './atomic-file.ts';
        const body = JSON.stringify({ version: 'new', pad: 'n'.repeat(8 << 20) });
        process.stdout.write('ready\\n');
        for (;;) await writeFileAtomic(${JSON.stringify(file)}, body);
      `,
    });
    dirs.push(path.dirname(script));
    for (let round = 0; round < 5; round++) {
      const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise((resolve) => child.stdout.once('data', resolve));
      await new Promise((resolve) => setTimeout(resolve, 20 + round * 37));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { version: string; pad: string };
      expect(['old', 'new']).toContain(parsed.version);
      expect(parsed.pad.length).toBe(parsed.version === 'old' ? 4 << 20 : 8 << 20);
    }
  });
});
