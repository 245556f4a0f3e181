// clawbar's own files as an attacker on the same machine (or a careless script) may leave them:
// a FIFO, a symlink, /dev/zero, loose modes, a 100 MB "key". The real CLI and gateway must answer in
// one line naming the path — never hang, never follow the link, never read without bound.
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
  chmodSync,
  lstatSync,
} from 'node:fs';
import path from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { buildCli, runCli, type BuiltCli } from '../fixtures/build-cli.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';

let built: BuiltCli;
beforeAll(async () => {
  built = await buildCli();
}, 120_000);
afterAll(() => built?.cleanup());

let home: TempHome;
afterEach(() => home?.cleanup());

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  /** True when it had to be killed: it hung. */
  hung: boolean;
}

/** Runs the CLI, killing it after `deadlineMs` (a hang is the failure these tests look for). */
async function clawbar(
  args: string[],
  options: { env?: Record<string, string>; input?: string } = {},
  deadlineMs = 8000,
): Promise<Outcome> {
  const run = runCli(built, args, { ...home.env, ...options.env }, { stdin: 'pipe' });
  run.child.stdin!.on('error', () => undefined);
  run.child.stdin!.end(options.input ?? '');
  let hung = false;
  const timer = setTimeout(() => {
    hung = true;
    run.child.kill('SIGKILL');
  }, deadlineMs);
  const code = await run.exit;
  clearTimeout(timer);
  return { code, stdout: run.stdout(), stderr: run.stderr(), hung };
}

function fresh(): TempHome {
  home = makeTempHome('clawbar-hostile-');
  mkdirSync(home.clawbarHome, { recursive: true, mode: 0o700 });
  return home;
}
const own = (name: string) => path.join(home.clawbarHome, name);
const fifo = (file: string) => execFileSync('mkfifo', [file]);

describe("clawbar's own files are opened without blocking, never through a link, and with a cap", () => {
  it('refuses a FIFO at config.json in one line instead of hanging', async () => {
    fresh();
    fifo(own('config.json'));
    const run = await clawbar(['models', 'status', '--no-usage']);
    expect(run.hung).toBe(false);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`clawbar: ${own('config.json')} is not a regular file (a FIFO)\n`);
  });

  it('refuses config.json linked to /dev/zero without reading it', async () => {
    fresh();
    symlinkSync('/dev/zero', own('config.json'));
    const run = await clawbar(['models', 'status', '--no-usage']);
    expect(run.hung).toBe(false);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `clawbar: ${own('config.json')} is a symlink: clawbar does not follow links for its own files — replace it with the file itself\n`,
    );
  });

  it('refuses a --config that is a device', async () => {
    fresh();
    const run = await clawbar(['--config', '/dev/zero', 'models', 'status', '--no-usage']);
    expect(run.hung).toBe(false);
    expect(run.stderr).toBe('clawbar: /dev/zero is not a regular file (a device)\n');
  });

  it('refuses a config.json of 2 MiB', async () => {
    fresh();
    writeFileSync(own('config.json'), `{"agent":{"model":"${'x'.repeat(2 * 1024 * 1024 - 22)}"}}`);
    const run = await clawbar(['models', 'status', '--no-usage']);
    expect(run.stderr).toBe(`clawbar: ${own('config.json')} is too large (2 MiB; at most 1 MiB)\n`);
  });

  it('keeps models status working with a FIFO at auth-profiles.json, saying why own profiles are unavailable', async () => {
    fresh();
    fifo(own('auth-profiles.json'));
    const run = await clawbar(['models', 'status', '--no-usage', '--json']);
    expect(run.hung).toBe(false);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).profiles).toEqual(expect.any(Array));
  });

  it('refuses a FIFO at gateway.token: the gateway exits 1 in one line instead of hanging (and ignoring SIGTERM)', async () => {
    fresh();
    fifo(own('gateway.token'));
    const run = await clawbar(['gateway', '--port', '0']);
    expect(run.hung).toBe(false);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`clawbar: ${own('gateway.token')} is not a regular file (a FIFO)\n`);
  });

  it('neither uses nor chmods the target of a symlinked gateway.token', async () => {
    fresh();
    const target = path.join(home.root, 'elsewhere.token');
    writeFileSync(target, 'x'.repeat(43), { mode: 0o644 });
    chmodSync(target, 0o644);
    symlinkSync(target, own('gateway.token'));
    const run = await clawbar(['dashboard', '--no-open']);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${own('gateway.token')} is a symlink`);
    expect(statSync(target).mode & 0o777).toBe(0o644);
  });

  it('never appends the log through a symlink, and tightens loose files and directories at start', async () => {
    fresh();
    for (const dir of ['logs', 'sessions', 'locks', 'state']) mkdirSync(own(dir), { mode: 0o777 });
    for (const dir of ['logs', 'sessions', 'locks', 'state']) chmodSync(own(dir), 0o777);
    const victim = path.join(home.root, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    symlinkSync(victim, own('logs/gateway.log'));
    for (const file of ['secrets.json', 'dashboard.html', 'sessions/discord-dm-1.json', 'state/notified.json']) {
      writeFileSync(own(file), '{}', { mode: 0o666 });
      chmodSync(own(file), 0o666);
    }
    const gw = runCli(built, ['gateway', '--port', '0'], home.env);
    try {
      const deadline = Date.now() + 15_000;
      while (!gw.stdout().includes('listening on') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
      expect(gw.stdout()).toContain('listening on');
    } finally {
      gw.child.kill('SIGTERM');
      await gw.exit;
    }
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(own('logs/gateway.log')).isFile()).toBe(true);
    expect(readFileSync(own('logs/gateway.log'), 'utf8')).toContain('[gateway] listening on');
    for (const dir of ['', 'logs', 'sessions', 'locks', 'state'])
      expect(statSync(own(dir)).mode & 0o777, dir).toBe(0o700);
    for (const file of [
      'secrets.json',
      'dashboard.html',
      'sessions/discord-dm-1.json',
      'state/notified.json',
      'logs/gateway.log',
    ]) {
      expect(statSync(own(file)).mode & 0o777, file).toBe(0o600);
    }
  });

  it('refuses a 100 MB key on stdin in one line, storing nothing', async () => {
    fresh();
    writeFileSync(own('config.json'), '{"secrets":{"backend":"file"}}');
    const big = 'k'.repeat(100 * 1024 * 1024);
    const add = await clawbar(['auth', 'add-key', 'openai'], { input: big });
    expect(add.hung).toBe(false);
    expect(add.code).toBe(1);
    expect(add.stderr).toBe('clawbar: the openai API key on stdin is longer than 16 KiB: that is not a key\n');
    expect(existsSync(own('secrets.json'))).toBe(false);
    const set = await clawbar(['secrets', 'set', 'discord-token'], { input: big });
    expect(set.stderr).toBe('clawbar: the Discord bot token on stdin is longer than 16 KiB: that is not a key\n');
  });
});

describe('clawbar doctor checks every file clawbar owns', () => {
  it('fails on a loose sessions directory, a loose secrets.json and a symlinked log, naming each', async () => {
    fresh();
    mkdirSync(own('sessions'), { mode: 0o777 });
    chmodSync(own('sessions'), 0o777);
    writeFileSync(own('secrets.json'), '{}', { mode: 0o644 });
    chmodSync(own('secrets.json'), 0o644);
    mkdirSync(own('logs'), { mode: 0o700 });
    symlinkSync(path.join(home.root, 'x'), own('logs/gateway.log'));
    const run = await clawbar(['doctor']);
    expect(run.code).toBe(1);
    const line = run.stdout.split('\n').find((l) => l.startsWith('✗ file modes'));
    expect(line).toContain('sessions is 777 (others can change it; want 700)');
    expect(line).toContain('secrets.json is 644 (others can read its secrets; want 600)');
    expect(line).toContain('logs/gateway.log is a symlink');
  });
});
