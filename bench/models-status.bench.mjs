#!/usr/bin/env node
// Cold `clawbar models status --no-usage`: median wall time and peak RSS over 15 runs, against a
// temp home holding a Codex ChatGPT login and a Claude Code login. Targets: ≤ 100 ms, ≤ 70 MiB.
// Then the same with 20 further Codex accounts (config `accounts`, one home each): within 1.2× of it.
// The two are run in turns (one login, twenty, one, …), so a change of the machine's load while
// the bench runs weighs on both alike and the ratio stays honest on a busy machine. Needs `npm run build` (npm run bench does it). Prints one JSON object.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { fakeJwt, median, round } from './stats.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli.js');
const RUNS = 15;

const home = mkdtempSync(path.join(os.tmpdir(), 'clawbar-bench-'));
const env = {
  PATH: process.env.PATH,
  HOME: home,
  CLAWBAR_HOME: path.join(home, '.clawbar'),
  CODEX_HOME: path.join(home, '.codex'),
  CLAUDE_CONFIG_DIR: path.join(home, '.claude'),
};
mkdirSync(env.CODEX_HOME, { recursive: true });
mkdirSync(env.CLAUDE_CONFIG_DIR, { recursive: true });
const exp = Math.floor(Date.now() / 1000) + 10 * 86400;
const auth = { chatgpt_account_id: 'acct-bench', chatgpt_plan_type: 'pro' };
writeFileSync(
  path.join(env.CODEX_HOME, 'auth.json'),
  JSON.stringify({
    auth_mode: 'chatgpt',
    OPENAI_API_KEY: null,
    tokens: {
      id_token: fakeJwt({ email: 'bench@example.com', exp, 'https://api.openai.com/auth': auth }),
      access_token: fakeJwt({ exp, 'https://api.openai.com/auth': auth }),
      refresh_token: 'rt_bench',
      account_id: 'acct-bench',
    },
    last_refresh: new Date().toISOString(),
  }),
);
writeFileSync(
  path.join(env.CLAUDE_CONFIG_DIR, '.credentials.json'),
  JSON.stringify({ claudeAiOauth: { accessToken: 'a', refreshToken: 'r', expiresAt: Date.now() + 8 * 3600e3 } }),
);

const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

/**
 * One cold run: wall ms from spawn to exit; peak RSS in MiB and CPU ms (user + sys) from
 * /usr/bin/time when present — CPU time says more than wall time on a loaded 2-core machine.
 */
function once(args, runEnv = env) {
  const start = process.hrtime.bigint();
  const run = timeBin
    ? spawnSync(timeBin, ['-f', '%M %U %S', process.execPath, ...args], { env: runEnv, encoding: 'utf8' })
    : spawnSync(process.execPath, args, { env: runEnv, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`exit ${run.status}: ${run.stderr}`);
  const [kb, user, sys] = timeBin ? run.stderr.trim().split('\n').pop().split(' ').map(Number) : [NaN, NaN, NaN];
  return { wallMs, rssMiB: kb / 1024, cpuMs: (user + sys) * 1000 };
}

try {
  if (!existsSync(cli)) throw new Error('dist/cli.js missing: run npm run build');
  // 20 accounts, each a home with its own copy of the login, in a clawbar home of their own.
  const accounts = Array.from({ length: 20 }, (_, i) => ({ id: `a${i}`, home: path.join(home, `.codex-a${i}`) }));
  for (const account of accounts) {
    mkdirSync(account.home, { recursive: true });
    writeFileSync(path.join(account.home, 'auth.json'), readFileSync(path.join(env.CODEX_HOME, 'auth.json')));
  }
  const manyEnv = { ...env, CLAWBAR_HOME: path.join(home, '.clawbar-accounts') };
  mkdirSync(manyEnv.CLAWBAR_HOME, { recursive: true });
  writeFileSync(
    path.join(manyEnv.CLAWBAR_HOME, 'config.json'),
    JSON.stringify({ accounts: { 'openai-codex': accounts } }),
  );
  const status = [cli, 'models', 'status', '--no-usage'];
  // Warm the OS file cache, as a user's second run would be.
  once(status);
  once(status, manyEnv);
  const runs = [];
  const many = [];
  for (let i = 0; i < RUNS; i++) {
    runs.push(once(status));
    many.push(once(status, manyEnv));
  }
  const baseline = Array.from({ length: 5 }, () => once(['-e', '0']));
  console.log(
    JSON.stringify({
      command: 'clawbar models status --no-usage',
      runs: RUNS,
      medianWallMs: round(median(runs.map((r) => r.wallMs))),
      maxWallMs: round(Math.max(...runs.map((r) => r.wallMs))),
      medianCpuMs: round(median(runs.map((r) => r.cpuMs))),
      peakRssMiB: round(Math.max(...runs.map((r) => r.rssMiB))),
      nodeBaselineMedianWallMs: round(median(baseline.map((r) => r.wallMs))),
      nodeBaselineMedianCpuMs: round(median(baseline.map((r) => r.cpuMs))),
      loadAverage1m: round(os.loadavg()[0]),
      nodeBaselinePeakRssMiB: round(Math.max(...baseline.map((r) => r.rssMiB))),
      with20Accounts: {
        medianWallMs: round(median(many.map((r) => r.wallMs))),
        medianCpuMs: round(median(many.map((r) => r.cpuMs))),
        cpuRatio: round(median(many.map((r) => r.cpuMs)) / median(runs.map((r) => r.cpuMs))),
      },
      targets: { medianWallMs: 100, peakRssMiB: 70, with20AccountsCpuRatio: 1.2 },
    }),
  );
} finally {
  rmSync(home, { recursive: true, force: true });
}
