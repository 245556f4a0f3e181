// `clawbar relogin` as a real process: the bundle of this checkout, a temp home, a fake codex.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { buildCli, runCli, type BuiltCli, type CliProcess } from '../fixtures/build-cli.js';
import { writeFakeCli, type FakeCli, type FakeLoginBehaviour } from '../fixtures/fake-cli.js';
import { portAnswers } from '../fixtures/free-port.js';
import { codexChatgptAuthJson } from '../fixtures/jwt.js';
import { groupGone, processGone, waitFor } from '../fixtures/reauth-helpers.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';

let built: BuiltCli;
beforeAll(async () => {
  built = await buildCli();
}, 60_000);
afterAll(() => built?.cleanup());

const cleanups: (() => void)[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function setup(login: FakeLoginBehaviour): { home: TempHome; fake: FakeCli; env: Record<string, string> } {
  const home = makeTempHome('clawbar-relogin-');
  mkdirSync(home.codexHome, { recursive: true });
  // An expired Codex login, as the user would have when they reach for relogin.
  writeFileSync(path.join(home.codexHome, 'auth.json'), codexChatgptAuthJson({ expiresAt: Date.now() - 3600_000 }));
  const fake = writeFakeCli({ login });
  // A failing test must not leave the fake's processes behind (they run in their own groups).
  const killFakes = () => {
    for (const call of fake.calls()) {
      try {
        process.kill(-call.pid, 'SIGKILL');
      } catch {
        // gone, as it should be
      }
    }
  };
  cleanups.push(killFakes, home.cleanup, fake.cleanup);
  // No browser opener on PATH: the URL is printed, nothing is launched.
  const env = {
    ...home.env,
    PATH: path.dirname(process.execPath),
    CLAWBAR_CODEX_BIN: fake.codex,
    CLAWBAR_CLAUDE_BIN: fake.claude,
  };
  mkdirSync(home.clawbarHome, { recursive: true });
  writeFileSync(path.join(home.clawbarHome, 'config.json'), JSON.stringify({ secrets: { backend: 'file' } }));
  return { home, fake, env };
}

function run(args: string[], env: Record<string, string>, options: { stdin?: 'ignore' | 'pipe' } = {}) {
  const r = runCli(built, args, env, options);
  children.push(r.child);
  return r;
}

describe('clawbar relogin', () => {
  it('runs codex login, shows the URL and the progress, and reports the new expiry (exit 0)', async () => {
    const { home, env } = setup({ outcome: 'success', expiresAt: Date.now() + 10 * 24 * 3600_000 });
    const r = run(['relogin', 'codex'], env);
    expect(await r.exit).toBe(0);
    const out = r.stdout();
    // The URL as codex printed it, then the note that the browser is being opened.
    expect(out).toMatch(
      /^ {2}https:\/\/auth\.openai\.com\/oauth\/authorize\?response_type=code&client_id=app_EMoam\S+\n→ opening the login page in the browser/m,
    );
    expect(out).toContain('  Successfully logged in\n');
    // The outcome comes last, with the new expiry.
    expect(out.endsWith('✓ openai-codex:codex-cli ok, expires in 9d 23h\n')).toBe(true);
    // The new token never reaches the terminal.
    const auth = JSON.parse(readFileSync(path.join(home.codexHome, 'auth.json'), 'utf8'));
    for (const secret of [auth.tokens.access_token, auth.tokens.refresh_token, auth.tokens.id_token]) {
      expect(out + r.stderr()).not.toContain(secret);
    }
  });

  it('--device runs codex login --device-auth: the link and the code for another device, nothing opened', async () => {
    const { fake, env } = setup({ outcome: 'success', deviceCode: 'QU4U-XZH4A', delayMs: 100 });
    const r = run(['relogin', 'codex', '--device'], env);
    expect(await r.exit).toBe(0);
    const out = r.stdout();
    expect(fake.calls().map((c) => c.argv)).toEqual([['login', '--device-auth']]);
    expect(out).toContain('→ on any device, open https://auth.openai.com/codex/device and enter QU4U-XZH4A\n');
    expect(out).not.toContain('opening the login page');
    expect(out.endsWith('✓ openai-codex:codex-cli ok, expires in 9d 23h\n')).toBe(true);
  });

  it('--device for claude says in one line that Claude Code has none', async () => {
    const { fake, env } = setup({ outcome: 'success' });
    const r = run(['relogin', 'claude', '--device'], env);
    expect(await r.exit).toBe(1);
    expect(r.stderr()).toBe(
      'clawbar: anthropic:claude-cli has no device-code login: run `claude auth login` on this machine\n',
    );
    expect(fake.calls()).toEqual([]);
  });

  it('exits 1 with the child’s last error line when the login fails', async () => {
    const { env } = setup({ outcome: 'failure', error: 'Login was not completed' });
    const r = run(['relogin', 'codex'], env);
    expect(await r.exit).toBe(1);
    expect(r.stderr()).toBe('clawbar: Error logging in: Login was not completed\n');
  });

  it('prints the install hint when codex is not installed', async () => {
    const { env } = setup({ outcome: 'success' });
    const r = run(['relogin', 'codex'], { ...env, CLAWBAR_CODEX_BIN: '/nonexistent/codex' });
    expect(await r.exit).toBe(1);
    expect(r.stderr()).toBe('clawbar: Codex CLI not found — install it with: npm install -g @openai/codex\n');
  });

  it('Ctrl-C cancels: kills the login’s process group and exits 130', async () => {
    const { fake, env } = setup({ outcome: 'hang', grandchild: true });
    const r = run(['relogin', 'codex'], env);
    expect(await waitFor(() => fake.grandchildPid() !== null && r.stdout().includes('→ opening'))).toBe(true);
    r.child.kill('SIGINT');
    expect(await r.exit).toBe(130);
    expect(r.stderr()).toBe('clawbar: codex login cancelled\n');
    expect(groupGone(fake.calls()[0]!.pid)).toBe(true);
  });

  /** Every process of the login is gone: its group, its grandchild, and its login server's port. */
  async function expectLoginGone(fake: FakeCli, port: number): Promise<void> {
    expect(await waitFor(() => groupGone(fake.calls()[0]!.pid), 5000)).toBe(true);
    expect(processGone(fake.grandchildPid()!)).toBe(true);
    // The kernel closes the listening socket as the last holder exits; give a loaded machine a moment.
    const deadline = Date.now() + 5000;
    while ((await portAnswers(port)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await portAnswers(port)).toBe(false);
  }

  /** Starts `relogin codex` with a login that hangs with its server listening, as a real one waits for the browser. */
  async function hangingLogin(
    command: (env: Record<string, string>) => ChildProcess | CliProcess = (env) => run(['relogin', 'codex'], env),
  ) {
    const { fake, env } = setup({ outcome: 'hang', grandchild: true, listen: true });
    const started = command(env);
    const child = 'child' in started ? started.child : started;
    // `npm exec` alone takes seconds to start on a loaded machine (CI ran it at load 15 past 10 s).
    expect(await waitFor(() => fake.listenPort() !== null && fake.grandchildPid() !== null, 40_000)).toBe(true);
    expect(await portAnswers(fake.listenPort()!)).toBe(true);
    return { fake, child, started, port: fake.listenPort()! };
  }

  for (const [signal, code, text] of [
    ['SIGHUP', 129, 'stopped: the terminal closed (SIGHUP)'],
    ['SIGTERM', 143, 'stopped (SIGTERM)'],
  ] as const) {
    it(`${signal} kills the login’s process group, its login server included, and exits ${code}`, async () => {
      const { fake, started, port } = await hangingLogin();
      const r = started as CliProcess;
      r.child.kill(signal);
      expect(await r.exit).toBe(code);
      expect(r.stderr()).toBe(`clawbar: codex login ${text}\n`);
      await expectLoginGone(fake, port);
    });
  }

  it('a broken output pipe (EPIPE) kills the login’s process group instead of leaving it behind', async () => {
    // The login finishes but its CLI lingers with its server open (exitDelayMs): clawbar's next
    // line, the CLI's success line, meets a pipe whose reader has gone, as after `| head -3`.
    const login = { outcome: 'success', exitDelayMs: 60_000, grandchild: true, listen: true } as const;
    const { fake, env } = setup(login);
    fake.configure({ login: { ...login, goFile: fake.goFile } });
    const r = run(['relogin', 'codex'], env);
    expect(await waitFor(() => fake.listenPort() !== null && r.stdout().includes('→ opening'))).toBe(true);
    const port = fake.listenPort()!;
    r.child.stdout!.destroy();
    fake.go();
    expect(await r.exit).toBe(1);
    expect(r.stderr()).toBe('clawbar: codex login stopped: its output was closed\n');
    await expectLoginGone(fake, port);
  });

  it('stops the login when the npm that ran it (npx clawbar relogin) is stopped', async () => {
    const { fake, child, port } = await hangingLogin((env) => {
      const npm = spawn('npm', ['exec', '-c', `node ${built.cli} relogin codex`], {
        env: { ...env, PATH: `${env.PATH}:${process.env.PATH}`, npm_config_update_notifier: 'false' },
        stdio: 'ignore',
      });
      children.push(npm);
      return npm;
    });
    child.kill('SIGTERM');
    await expectLoginGone(fake, port);
  }, 60_000);

  it('runs claude auth login for `relogin claude`', async () => {
    const { fake, env } = setup({ outcome: 'success' });
    const r = run(['relogin', 'claude'], env);
    expect(await r.exit).toBe(0);
    expect(r.stdout()).toMatch(
      /^ {2}If the browser didn't open, visit: https:\/\/claude\.com\/cai\/oauth\/authorize\?\S+\n→ opening/m,
    );
    expect(fake.calls()[0]).toMatchObject({ which: 'claude', argv: ['auth', 'login'] });
  });

  it('passes the terminal’s stdin to claude auth login, so its "paste the code" fallback works', async () => {
    const { fake, env } = setup({ outcome: 'success', pasteCode: true });
    const r = run(['relogin', 'claude'], env, { stdin: 'pipe' });
    expect(await waitFor(() => r.stdout().includes('Paste code here if prompted >'))).toBe(true);
    r.child.stdin!.end('pasted-authorization-code#state\n');
    expect(await r.exit).toBe(0);
    expect(fake.pastedCode()).toBe('pasted-authorization-code#state');
    expect(r.stdout()).toContain('  Login successful.\n');
  });
});
