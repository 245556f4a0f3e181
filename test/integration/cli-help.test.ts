import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { beforeAll, describe, expect, it } from 'vitest';

// `npm test` builds before running the suite; a bare `vitest run` builds here when dist/ is missing.
beforeAll(() => {
  if (!existsSync('dist/cli.js')) execFileSync('npm', ['run', '--silent', 'build'], { stdio: 'ignore' });
}, 120_000);

const clawbar = (...args: string[]) => spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' });

describe('clawbar --help', () => {
  it('lists every command of DESIGN.md §7', () => {
    const run = clawbar('--help');
    expect(run.status).toBe(0);
    for (const command of ['models', 'gateway', 'dashboard', 'relogin', 'auth', 'secrets', 'doctor']) {
      expect(run.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    const models = clawbar('models', '--help');
    expect(models.stdout).toMatch(/^ {2}status \[options\]/m);
    expect(models.stdout).toMatch(/^ {2}list \[options\]/m);
    expect(clawbar('models', 'status', '--help').stdout).toMatch(/--json[\s\S]*--check[\s\S]*--no-usage/);
  });

  it('answers an unknown command with exit 1 and no stack trace', () => {
    const run = clawbar('frobnicate');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
