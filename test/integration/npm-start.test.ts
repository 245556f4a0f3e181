// Stopping `npm start` or `npx clawbar gateway` by any route stops the gateway: real npm, the real
// scripts/start.mjs, this checkout's CLI. The layout is a small project inside node_modules/.cache:
// scripts/start.mjs (copied), dist/ (the CLI built from these sources) and an `electron` package
// without its binary, as on every machine here — so start.mjs picks the headless gateway.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { buildCli } from '../fixtures/build-cli.js';
import { freePort, portAnswers } from '../fixtures/free-port.js';
import { processGone, waitFor } from '../fixtures/reauth-helpers.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let project: string;

beforeAll(async () => {
  const cacheDir = path.join(root, 'node_modules', '.cache');
  mkdirSync(cacheDir, { recursive: true });
  project = mkdtempSync(path.join(cacheDir, 'clawbar-start-'));
  mkdirSync(path.join(project, 'scripts'));
  copyFileSync(path.join(root, 'scripts', 'start.mjs'), path.join(project, 'scripts', 'start.mjs'));
  await buildCli({ outdir: path.join(project, 'dist') });
  writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({
      name: 'clawbar-start-test',
      private: true,
      type: 'module',
      scripts: { start: 'node scripts/start.mjs' },
    }),
  );
  // What `require('electron')` does when the package is installed without its binary.
  const electron = path.join(project, 'node_modules', 'electron');
  mkdirSync(electron, { recursive: true });
  writeFileSync(path.join(electron, 'package.json'), '{"name":"electron","main":"index.js"}');
  writeFileSync(path.join(electron, 'index.js'), "throw new Error('Electron failed to install correctly');\n");
}, 120_000);
afterAll(() => project && rmSync(project, { recursive: true, force: true }));

interface Started {
  /** The process the test started (npm, or start.mjs). */
  child: ChildProcess;
  output(): string;
  gatewayPid: number;
  port: number;
}

let home: TempHome;
const started: ChildProcess[] = [];
const pids: number[] = [];
afterEach(() => {
  for (const child of started.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const pid of pids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
  home?.cleanup();
});

/** Runs `command` in the test project and waits for the gateway's "listening" line. */
async function start(command: string[], port?: number): Promise<Started> {
  home ??= makeTempHome('clawbar-start-');
  const gatewayPort = port ?? (await freePort());
  const child = spawn(command[0]!, command.slice(1), {
    cwd: project,
    env: {
      ...home.env,
      PATH: `${path.dirname(process.execPath)}:${home.env.PATH}`,
      CLAWBAR_GATEWAY_PORT: String(gatewayPort),
      npm_config_update_notifier: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const listening = () => /listening on ws:\/\/127\.0\.0\.1:\d+ \(PID (\d+)\)/.exec(output);
  if (!(await waitFor(() => listening() !== null || child.exitCode !== null, 30_000)) || !listening()) {
    throw new Error(`the gateway did not start:\n${output}`);
  }
  const gatewayPid = Number(listening()![1]);
  pids.push(gatewayPid);
  return { child, output: () => output, gatewayPid, port: gatewayPort };
}

/** The gateway is gone, its port is free, and the process the test started has exited. */
async function expectAllGone(run: Started): Promise<void> {
  expect(await waitFor(() => processGone(run.gatewayPid), 10_000)).toBe(true);
  expect(await portAnswers(run.port)).toBe(false);
  expect(await waitFor(() => run.child.exitCode !== null || run.child.signalCode !== null, 10_000)).toBe(true);
}

describe('npm start', () => {
  it('stops the gateway when npm is stopped by its PID, and the next start gets the port', async () => {
    const run = await start(['npm', 'start']);
    run.child.kill('SIGTERM');
    await expectAllGone(run);
    expect(run.output()).toContain('[gateway] shutting down');
    const again = await start(['npm', 'start'], run.port);
    expect(again.output()).not.toMatch(/in use/);
  });

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`passes ${signal} to the gateway, which shuts down cleanly`, async () => {
      const run = await start([process.execPath, 'scripts/start.mjs']);
      run.child.kill(signal);
      await expectAllGone(run);
      expect(run.output()).toContain(`[gateway] shutting down (${signal})`);
      expect(run.child.exitCode).toBe(0);
    });
  }

  it('takes the gateway down with it when start.mjs itself is killed', async () => {
    const run = await start([process.execPath, 'scripts/start.mjs']);
    run.child.kill('SIGKILL');
    await expectAllGone(run);
  });
});

describe('npx clawbar gateway', () => {
  it('stops the gateway when npm exec is stopped by its PID', async () => {
    const run = await start(['npm', 'exec', '-c', 'node dist/cli.js gateway']);
    run.child.kill('SIGTERM');
    await expectAllGone(run);
    expect(run.output()).toContain('[gateway] shutting down (npm exited)');
  });
});
