// `clawbar gateway` and `clawbar dashboard` as real processes: the bundle built from this
// checkout, a temp CLAWBAR_HOME, real sockets, real signals.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { type BuiltCli, buildCli } from '../fixtures/build-cli.js';
import { freePort } from '../fixtures/free-port.js';
import { openAuthedClient } from '../fixtures/raw-client.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';

let built: BuiltCli;
const homes: TempHome[] = [];
const children: ChildProcess[] = [];
const servers: net.Server[] = [];

beforeAll(async () => {
  built = await buildCli();
}, 60_000);
afterAll(() => built?.cleanup());
afterEach(async () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const server of servers.splice(0)) server.close();
  for (const home of homes.splice(0)) home.cleanup();
});

function tempHome(): TempHome {
  const home = makeTempHome('clawbar-gw-cli-');
  homes.push(home);
  return home;
}

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the first stdout match. */
  line(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function run(args: string[], env: Record<string, string>): Run {
  const child = spawn(process.execPath, [built.cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of waiters) w();
  });
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exit,
    line: (pattern, timeoutMs = 15_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(out);
          if (!match) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(match);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${pattern} within ${timeoutMs} ms; stdout: ${out}; stderr: ${err}`));
        }, timeoutMs);
        waiters.add(check);
        void exit.then(() => setTimeout(check, 0));
        check();
      }),
  };
}

describe('clawbar gateway', () => {
  it('prints its lines, logs to gateway.log without the token, and stops on SIGTERM closing clients with 1001', async () => {
    const home = tempHome();
    const port = await freePort();
    const gw = run(['gateway', '--port', String(port)], home.env);
    await gw.line(/listening on/);
    const lines = gw.stdout().trim().split('\n');
    expect(lines[0]).toBe('[gateway] agent model: openai-codex/gpt-6.1-sol');
    expect(lines[1]).toBe(`[gateway] listening on ws://127.0.0.1:${port} (PID ${gw.child.pid})`);

    const tokenFile = `${home.clawbarHome}/gateway.token`;
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = readFileSync(tokenFile, 'utf8').trim();
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(await health.json()).toEqual({ ok: true, version: '0.0.0-test' });

    const { client, hello } = await openAuthedClient(`ws://127.0.0.1:${port}/ws`, token);
    expect(hello.payload).toMatchObject({ snapshot: { gateway: { port, pid: gw.child.pid } } });

    gw.child.kill('SIGTERM');
    expect((await client.closed).code).toBe(1001);
    expect(await gw.exit).toEqual({ code: 0, signal: null });

    const log = readFileSync(`${home.clawbarHome}/logs/gateway.log`, 'utf8');
    expect(log).toContain(`[gateway] listening on ws://127.0.0.1:${port}`);
    expect(log).toContain('[gateway] shutting down (SIGTERM)');
    expect(log).not.toContain(token);
    expect(gw.stdout() + gw.stderr()).not.toContain(token);
  });

  it('stops on SIGINT with exit code 0', async () => {
    const home = tempHome();
    const gw = run(['gateway', '--port', '0'], home.env);
    await gw.line(/listening on ws:\/\/127\.0\.0\.1:\d+/);
    gw.child.kill('SIGINT');
    expect(await gw.exit).toEqual({ code: 0, signal: null });
  });

  it('says the port is in use in one line and exits 1', async () => {
    const home = tempHome();
    const blocker = net.createServer().listen(0, '127.0.0.1');
    servers.push(blocker);
    await once(blocker, 'listening');
    const { port } = blocker.address() as net.AddressInfo;
    const gw = run(['gateway', '--port', String(port)], home.env);
    expect((await gw.exit).code).toBe(1);
    expect(gw.stderr()).toBe(
      `clawbar: port ${port} is already in use — is another clawbar gateway running? (clawbar dashboard)\n`,
    );
  });

  it('takes the port from CLAWBAR_GATEWAY_PORT when --port is absent', async () => {
    const home = tempHome();
    const port = await freePort();
    const gw = run(['gateway'], { ...home.env, CLAWBAR_GATEWAY_PORT: String(port) });
    await gw.line(new RegExp(`listening on ws://127\\.0\\.0\\.1:${port} `));
    gw.child.kill('SIGTERM');
    expect((await gw.exit).code).toBe(0);
  });

  it('refuses a bad --port in one line', async () => {
    const gw = run(['gateway', '--port', 'abc'], tempHome().env);
    expect((await gw.exit).code).toBe(1);
    expect(gw.stderr()).toBe('clawbar: --port must be a port number (1-65535, or 0 for any free port), got "abc"\n');
  });

  it('with --open-dashboard prints the dashboard URL to the terminal only, never to the log', async () => {
    const home = tempHome();
    // No DISPLAY in the env: nothing is opened, the URL is printed.
    const gw = run(['gateway', '--port', '0', '--open-dashboard'], home.env);
    const [, url, port, token] = await gw.line(/\[gateway\] dashboard: (http:\/\/127\.0\.0\.1:(\d+)\/#token=(\S+))\n/);
    expect(decodeURIComponent(token!)).toBe(readFileSync(`${home.clawbarHome}/gateway.token`, 'utf8').trim());
    const page = await fetch(url!.split('#')[0]!);
    expect([200, 503]).toContain(page.status); // 503 when this checkout's dashboard is not built
    expect(gw.stdout()).toContain(`listening on ws://127.0.0.1:${port}`);
    gw.child.kill('SIGTERM');
    expect((await gw.exit).code).toBe(0);
    const log = readFileSync(`${home.clawbarHome}/logs/gateway.log`, 'utf8');
    expect(log).not.toContain('dashboard:');
    expect(log).not.toContain(decodeURIComponent(token!));
  });

  it('opens the dashboard through a private redirect page, so the token never sits on a command line', async () => {
    const home = tempHome();
    const { argsFile, env } = withFakeOpener(home);
    const gw = run(['gateway', '--port', '0', '--open-dashboard'], env);
    const [, url] = await gw.line(/\[gateway\] dashboard: (\S+)\n/);
    const deadline = Date.now() + 10_000;
    while (!existsSync(argsFile) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const page = path.join(home.clawbarHome, 'dashboard.html');
    expect(readFileSync(argsFile, 'utf8')).toBe(`${page}\n`);
    expect(statSync(page).mode & 0o777).toBe(0o600);
    expect(readFileSync(page, 'utf8')).toContain(`<meta http-equiv="refresh" content="0;url=${url}">`);
    gw.child.kill('SIGTERM');
    expect((await gw.exit).code).toBe(0);
  });

  it('uses CLAWBAR_GATEWAY_TOKEN instead of a token file', async () => {
    const home = tempHome();
    const token = 'env-token-abcdefghijklmnopqrstuvwxyz';
    const gw = run(['gateway', '--port', '0'], { ...home.env, CLAWBAR_GATEWAY_TOKEN: token });
    const [, port] = await gw.line(/listening on ws:\/\/127\.0\.0\.1:(\d+)/);
    const { hello } = await openAuthedClient(`ws://127.0.0.1:${port}/ws`, token);
    expect(hello.ok).toBe(true);
    expect(() => statSync(`${home.clawbarHome}/gateway.token`)).toThrow();
    gw.child.kill('SIGTERM');
    expect((await gw.exit).code).toBe(0);
  });
});

/** A stand-in for xdg-open that records its arguments (the real one would start a browser), and a display. */
function withFakeOpener(home: TempHome): { argsFile: string; env: Record<string, string> } {
  const bin = path.join(home.root, 'bin');
  mkdirSync(bin);
  const argsFile = path.join(home.root, 'opener-args');
  writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\n`);
  chmodSync(path.join(bin, 'xdg-open'), 0o755);
  return { argsFile, env: { ...home.env, PATH: `${bin}:${home.env.PATH}`, DISPLAY: ':99' } };
}

describe('clawbar dashboard', () => {
  it('opens nothing and exits 1 when no gateway answers', async () => {
    const home = tempHome();
    const { argsFile, env } = withFakeOpener(home);
    const port = await freePort();
    const dash = run(['dashboard'], { ...env, CLAWBAR_GATEWAY_PORT: String(port) });
    expect((await dash.exit).code).toBe(1);
    expect(dash.stderr()).toBe(`clawbar: no gateway is answering on port ${port} — start it with: clawbar gateway\n`);
    expect(existsSync(argsFile)).toBe(false);
  });

  it('prints the URL with the token in the fragment, creating the token when needed; exit 1 while no gateway answers', async () => {
    const home = tempHome();
    const port = await freePort();
    const env = { ...home.env, CLAWBAR_GATEWAY_PORT: String(port) };
    const dash = run(['dashboard', '--no-open'], env);
    expect((await dash.exit).code).toBe(1);
    const token = readFileSync(`${home.clawbarHome}/gateway.token`, 'utf8').trim();
    expect(dash.stdout()).toBe(`http://127.0.0.1:${port}/#token=${token}\n`);
    expect(dash.stderr()).toBe(`clawbar: no gateway is answering on port ${port} — start it with: clawbar gateway\n`);

    const gw = run(['gateway'], env);
    await gw.line(/listening on/);
    const again = run(['dashboard', '--no-open'], env);
    expect((await again.exit).code).toBe(0);
    expect(again.stdout()).toBe(`http://127.0.0.1:${port}/#token=${token}\n`);
    expect(again.stderr()).toBe('');
    gw.child.kill('SIGTERM');
    await gw.exit;
  });

  /** A PATH dir with an `xdg-open` that records its arguments instead of starting a browser. */
  function recordingOpener(home: TempHome): { env: Record<string, string>; opened: () => string | null } {
    const bin = path.join(home.root, 'bin');
    mkdirSync(bin, { recursive: true });
    const argsFile = path.join(home.root, 'opener-args');
    writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argsFile}'\n`);
    chmodSync(path.join(bin, 'xdg-open'), 0o755);
    return {
      env: { ...home.env, PATH: `${bin}:${home.env.PATH}`, DISPLAY: ':99' },
      opened: () => (existsSync(argsFile) ? readFileSync(argsFile, 'utf8') : null),
    };
  }

  it('refuses, in one line, to print or open the URL when the program on the port cannot prove it is the gateway', async () => {
    const home = tempHome();
    // Another local user got the port first and answers /health like clawbar would.
    const impostor = http.createServer((_req, res) =>
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true,"version":"0.1.0"}'),
    );
    servers.push(impostor);
    impostor.listen(0, '127.0.0.1');
    await once(impostor, 'listening');
    const { port } = impostor.address() as net.AddressInfo;
    const opener = recordingOpener(home);
    const dash = run(['dashboard'], { ...opener.env, CLAWBAR_GATEWAY_PORT: String(port) });
    expect((await dash.exit).code).toBe(1);
    expect(dash.stdout()).toBe('');
    expect(dash.stderr()).toBe(
      `clawbar: the program on 127.0.0.1:${port} cannot prove it is your clawbar gateway: not sending it the token (another program may hold the port)\n`,
    );
    expect(opener.opened()).toBeNull();
  });

  it('opens the URL only for a gateway that proved itself, never while nothing answers', async () => {
    const home = tempHome();
    const port = await freePort();
    const opener = recordingOpener(home);
    const env = { ...opener.env, CLAWBAR_GATEWAY_PORT: String(port) };
    const early = run(['dashboard'], env);
    expect((await early.exit).code).toBe(1);
    expect(early.stderr()).toContain('no gateway is answering');
    expect(opener.opened()).toBeNull();

    const gw = run(['gateway'], { ...home.env, CLAWBAR_GATEWAY_PORT: String(port) });
    await gw.line(/listening on/);
    const dash = run(['dashboard'], env);
    expect((await dash.exit).code).toBe(0);
    const deadline = Date.now() + 10_000;
    while (opener.opened() === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(opener.opened()).toBe(`${path.join(home.clawbarHome, 'dashboard.html')}\n`);
    gw.child.kill('SIGTERM');
    await gw.exit;
  });
});
