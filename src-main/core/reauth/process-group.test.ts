import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { groupAlive, runForOutput } from './process-group.js';
import { waitFor } from './testing/helpers.js';

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
