// spawnGroup, runForOutput and the group bookkeeping with real processes: nothing a command
// started outlives it, nor clawbar.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, describe, expect, it } from 'vitest';

import { bundleScript } from '../../../test/fixtures/bundle-script.js';
import { groupGone, processGone, waitFor } from '../../../test/fixtures/reauth-helpers.js';

import { groupAlive, runForOutput } from './process-group.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A group leader that starts a grandchild in its group, prints both pids, and lives on. */
const LEADER = `
  const { spawn } = require('node:child_process');
  const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
  console.log(process.pid + ' ' + grandchild.pid);
  setInterval(() => {}, 1 << 30);
`;

describe('spawnGroup', () => {
  it('SIGKILLs every group still running when the process exits without ending them', async () => {
    // The parent spawns two groups, ends one properly, then leaves through process.exit mid-flight.
    const script = await bundleScript({
      resolveDir: here,
      code: `
        import { killGroup, spawnGroup } from './process-group.js';
        const leader = ${JSON.stringify(LEADER)};
        const a = spawnGroup(process.execPath, ['-e', leader]);
        const b = spawnGroup(process.execPath, ['-e', leader]);
        const pids = [];
        for (const child of [a, b]) {
          child.stdout.on('data', (d) => {
            pids.push(...String(d).trim().split(' '));
            if (pids.length < 4) return;
            void killGroup(a.pid, 1000).then(() => {
              console.log(pids.join(' '));
              process.exit(0);
            });
          });
        }
      `,
    });
    cleanups.push(() => rmSync(path.dirname(script), { recursive: true, force: true }));
    const parent = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    parent.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const [code] = await once(parent, 'exit');
    expect(code).toBe(0);
    const pids = out.trim().split(/\s+/).map(Number);
    expect(pids).toHaveLength(4);
    const [leaderA, , leaderB] = pids as [number, number, number, number];
    // Should this test fail, it must not leave its processes behind.
    cleanups.push(() => {
      for (const pgid of [leaderA, leaderB]) {
        try {
          process.kill(-pgid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    });
    expect(await waitFor(() => pids.every(processGone), 5000)).toBe(true);
    expect(groupGone(leaderA)).toBe(true);
    expect(groupGone(leaderB)).toBe(true);
  });
});

describe('runForOutput', () => {
  it('resolves with the stdout of a command that succeeds', async () => {
    expect(await runForOutput('/bin/sh', ['-c', 'echo codex-cli 0.169.0'], { timeoutMs: 5000 })).toBe(
      'codex-cli 0.169.0\n',
    );
  });

  it('resolves null for a non-zero exit and for a file that does not exist', async () => {
    expect(await runForOutput('/bin/sh', ['-c', 'echo partial; exit 3'], { timeoutMs: 5000 })).toBeNull();
    expect(await runForOutput('/nonexistent/codex', ['--version'], { timeoutMs: 5000 })).toBeNull();
  });

  it('kills the whole group of a command that outlives its time, grandchildren included', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'clawbar-group-'));
    try {
      const pidFile = path.join(dir, 'pid');
      // The shell (its pid is the group id) starts a grandchild and waits on it.
      const script = `echo $$ > ${pidFile}; sleep 30 & wait`;
      expect(await runForOutput('/bin/sh', ['-c', script], { timeoutMs: 300 })).toBeNull();
      const pgid = Number(readFileSync(pidFile, 'utf8').trim());
      expect(await waitFor(() => !groupAlive(pgid))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
