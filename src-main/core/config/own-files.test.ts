import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { ensurePrivateDir } from './atomic-file.js';
import { appendOwnFileSync, ownEntryProblems, readOwnFile, tightenOwnEntries } from './own-files.js';
import { resolvePaths } from './paths.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'clawbar-own-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('readOwnFile', () => {
  it('reads a regular file and answers null for an absent one', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'a.json'), '{"a":1}');
    expect(await readOwnFile(path.join(dir, 'a.json'))).toBe('{"a":1}');
    expect(await readOwnFile(path.join(dir, 'none.json'))).toBeNull();
  });

  it('refuses a FIFO, a directory, a device and a symlink in one line naming the path', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'real'), 'x');
    symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
    await expect(readOwnFile(fifo)).rejects.toThrow(`${fifo} is not a regular file (a FIFO)`);
    await expect(readOwnFile(path.join(dir, 'sub'))).rejects.toThrow(/sub is not a regular file \(a directory\)$/);
    await expect(readOwnFile('/dev/null')).rejects.toThrow('/dev/null is not a regular file (a device)');
    await expect(readOwnFile(path.join(dir, 'link'))).rejects.toThrow(
      `${path.join(dir, 'link')} is a symlink: clawbar does not follow links for its own files — replace it with the file itself`,
    );
  });

  it('refuses a file over the cap without reading it', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'big'), 'x'.repeat(3000));
    await expect(readOwnFile(path.join(dir, 'big'), { maxBytes: 1024 })).rejects.toThrow(
      /big is too large \(3 KiB; at most 1 KiB\)$/,
    );
  });

  it('tightens a loose file through its handle when asked', async () => {
    const file = path.join(tempDir(), 'gateway.token');
    writeFileSync(file, 'token\n');
    chmodSync(file, 0o644);
    expect(await readOwnFile(file, { tightenMode: true })).toBe('token\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('appendOwnFileSync', () => {
  it('creates the file 0600, appends, and rotates past the limit', () => {
    const file = path.join(tempDir(), 'gateway.log');
    appendOwnFileSync(file, 'one\n', 6);
    appendOwnFileSync(file, 'two\n', 6);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    appendOwnFileSync(file, 'three\n', 6);
    expect(readFileSync(`${file}.1`, 'utf8')).toBe('one\ntwo\n');
    expect(readFileSync(file, 'utf8')).toBe('three\n');
  });

  it('replaces a symlink or a FIFO with a fresh file instead of writing into it', () => {
    const dir = tempDir();
    const victim = path.join(dir, 'victim');
    writeFileSync(victim, 'keep\n');
    const log = path.join(dir, 'gateway.log');
    symlinkSync(victim, log);
    appendOwnFileSync(log, 'line\n');
    expect(readFileSync(victim, 'utf8')).toBe('keep\n');
    expect(lstatSync(log).isFile()).toBe(true);
    expect(readFileSync(log, 'utf8')).toBe('line\n');

    const fifoLog = path.join(dir, 'fifo.log');
    execFileSync('mkfifo', [fifoLog]);
    appendOwnFileSync(fifoLog, 'line\n');
    expect(lstatSync(fifoLog).isFile()).toBe(true);
  });
});

describe('own entries', () => {
  it('reports loose modes, links and odd entries, and tightens only what chmod can fix', async () => {
    const root = tempDir();
    const paths = resolvePaths({ CLAWBAR_HOME: path.join(root, 'home'), HOME: root });
    mkdirSync(paths.sessionsDir, { recursive: true });
    chmodSync(paths.home, 0o755);
    chmodSync(paths.sessionsDir, 0o777);
    writeFileSync(paths.config, '{}', { mode: 0o644 });
    chmodSync(paths.config, 0o644);
    writeFileSync(path.join(paths.sessionsDir, 'dm.json'), '{}', { mode: 0o666 });
    chmodSync(path.join(paths.sessionsDir, 'dm.json'), 0o666);
    symlinkSync('/etc/passwd', paths.gatewayToken);
    expect((await ownEntryProblems(paths)).map((p) => [path.relative(root, p.path), p.problem])).toEqual([
      ['home', 'is 755 (want 700)'],
      ['home/sessions', 'is 777 (want 700)'],
      ['home/config.json', 'is 644 (want 600)'],
      ['home/gateway.token', 'is a symlink'],
      ['home/sessions/dm.json', 'is 666 (want 600)'],
    ]);
    await tightenOwnEntries(paths);
    expect((await ownEntryProblems(paths)).map((p) => p.problem)).toEqual(['is a symlink']);
    expect(statSync('/etc/passwd').mode & 0o777).toBe(0o644);
  });

  it('refuses to use a private directory that is not a directory', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'state'), 'x');
    await expect(ensurePrivateDir(path.join(dir, 'state'))).rejects.toThrow(
      `${path.join(dir, 'state')} is not a directory`,
    );
  });
});
