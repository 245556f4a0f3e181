import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer, type Server } from 'node:net';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { useBuiltCli } from '../fixtures/cli.js';
import { writeFakeCli } from '../fixtures/fake-cli.js';
import { freePort } from '../fixtures/free-port.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';

const clawbar = useBuiltCli();

let home: TempHome;
const servers: Server[] = [];
const daemons: ChildProcess[] = [];
afterEach(async () => {
  for (const daemon of daemons.splice(0)) daemon.kill();
  home?.cleanup();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A port held by a program that is not a clawbar gateway. */
async function occupiedPort(): Promise<number> {
  const server = createServer((socket) => socket.on('error', () => {}).end('not http\n', () => socket.destroy()));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

describe('clawbar doctor', () => {
  it('reports codex, a missing claude with its install hint, the keychain, a free port and private files', async () => {
    home = makeTempHome();
    const fake = writeFakeCli();
    mkdirSync(home.clawbarHome, { mode: 0o700 });
    writeFileSync(path.join(home.clawbarHome, 'config.json'), '{}', { mode: 0o600 });
    const port = await freePort();
    const env = {
      ...home.env,
      PATH: `${fake.dir}:/usr/bin:/bin`,
      CLAWBAR_CLAUDE_BIN: 'claude-not-here',
      CLAWBAR_GATEWAY_PORT: String(port),
    };
    const run = await clawbar.run(['doctor'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^✓ codex +codex-cli 0\\.169\\.0 \\(${fake.codex}\\)$`)),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^! claude +claude-not-here not found — install it with: npm install -g @anthropic-ai\/claude-code$/,
      ),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^! gateway +not running — start it with: clawbar gateway$/));
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^✓ port ${port} +free$`)));
    expect(lines).toContainEqual(expect.stringMatching(/^✓ file modes +private/));
    // Inside `npm test` a gnome-keyring answers; elsewhere the line carries the install hint.
    expect(lines).toContainEqual(
      process.env.CLAWBAR_TEST_IN_KEYRING
        ? expect.stringMatching(/^✓ keychain +reachable$/)
        : expect.stringMatching(/^[✓!] keychain/),
    );
  });

  it('reports the user’s codex, not the copy in the node_modules/.bin that npx and npm scripts put first', async () => {
    home = makeTempHome();
    const fake = writeFakeCli();
    // The repository's own node_modules/.bin holds the real @openai/codex (a devDependency).
    const PATH = [path.resolve('node_modules/.bin'), fake.dir, '/usr/bin', '/bin'].join(path.delimiter);
    const run = await clawbar.run(['doctor'], { ...home.env, PATH });
    expect(run.stdout.split('\n')).toContainEqual(
      expect.stringMatching(new RegExp(`^✓ codex +codex-cli 0\\.169\\.0 \\(${fake.codex}\\)$`)),
    );
    fake.cleanup();
  });

  it('fails on a config error, naming the key', async () => {
    home = makeTempHome();
    mkdirSync(home.clawbarHome, { mode: 0o700 });
    writeFileSync(path.join(home.clawbarHome, 'config.json'), '{"gateway":{"port":"x"}}');
    const run = await clawbar.run(['doctor'], home.env);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('✗ config  config.json: gateway.port must be a number\n');
    expect(run.stderr).toBe('clawbar: 1 check failed\n');
  });

  it('fails on loose file modes and on a port taken by another program', async () => {
    home = makeTempHome();
    mkdirSync(home.clawbarHome, { mode: 0o700 });
    chmodSync(home.clawbarHome, 0o755);
    writeFileSync(path.join(home.clawbarHome, 'gateway.token'), 'x'.repeat(43));
    chmodSync(path.join(home.clawbarHome, 'gateway.token'), 0o644);
    const port = await occupiedPort();
    const run = await clawbar.run(['doctor'], { ...home.env, CLAWBAR_GATEWAY_PORT: String(port) });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^✗ port ${port} +in use by another program`, 'm'));
    // The token others can read fails; a directory others can list is only worth a look.
    expect(run.stdout).toMatch(
      /^✗ file modes +gateway\.token is 644 \(others can read its secrets; want 600\) — fix with chmod$/m,
    );
    expect(run.stdout).toMatch(/^! file modes +.*\.clawbar is 755 \(no secrets in it; want 700\) — fix with chmod$/m);
    expect(run.stderr).toBe('clawbar: 2 checks failed\n');
  });

  it('fails when the program on the gateway port cannot prove it is the gateway', async () => {
    home = makeTempHome();
    const impostor = http.createServer((_req, res) =>
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok":true,"version":"0.1.0"}'),
    );
    servers.push(impostor);
    await new Promise<void>((resolve) => impostor.listen(0, '127.0.0.1', resolve));
    const { port } = impostor.address() as { port: number };
    const run = await clawbar.run(['doctor'], { ...home.env, CLAWBAR_GATEWAY_PORT: String(port) });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(`^✗ gateway +the program on 127\\.0\\.0\\.1:${port} cannot prove it is your clawbar gateway`, 'm'),
    );
  });
});

describe('clawbar doctor ranks file modes by what leaks', () => {
  const doctor = async (prepare: (home: TempHome) => void) => {
    home = makeTempHome();
    mkdirSync(home.clawbarHome, { mode: 0o700 });
    prepare(home);
    return clawbar.run(['doctor'], { ...home.env, CLAWBAR_GATEWAY_PORT: String(await freePort()) });
  };

  it('a config.json others can read holds no secret: "!", exit 0', async () => {
    const run = await doctor((h) => writeFileSync(path.join(h.clawbarHome, 'config.json'), '{}', { mode: 0o644 }));
    expect(run.stdout).toMatch(/^! file modes +config\.json is 644 \(no secrets in it; want 600\) — fix with chmod$/m);
    expect(run.stdout).not.toMatch(/^✗/m);
    expect(run.code).toBe(0);
  });

  it('a config.json others can write fails: it names the programs clawbar runs', async () => {
    const run = await doctor((h) => {
      writeFileSync(path.join(h.clawbarHome, 'config.json'), '{}');
      chmodSync(path.join(h.clawbarHome, 'config.json'), 0o666);
    });
    expect(run.stdout).toMatch(/^✗ file modes +config\.json is 666 \(others can change it; want 600\)/m);
    expect(run.code).toBe(1);
  });

  it("Claude's .credentials.json readable by others leaks a login: ✗, exit 1", async () => {
    const run = await doctor((h) => {
      mkdirSync(h.claudeDir);
      writeFileSync(path.join(h.claudeDir, '.credentials.json'), '{}', { mode: 0o644 });
    });
    const file = path.join(home.claudeDir, '.credentials.json');
    expect(run.stdout).toContain(
      `✗ claude auth  ${file} is 644 (others can read its secrets; want 600) — its CLI keeps it private; fix with chmod 600\n`,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('clawbar: 1 check failed\n');
  });
});

describe('clawbar doctor names why the keychain cannot be used', () => {
  it('without a D-Bus session', async () => {
    home = makeTempHome();
    const env: Record<string, string> = { ...home.env, CLAWBAR_GATEWAY_PORT: String(await freePort()) };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    const run = await clawbar.run(['doctor'], env);
    expect(run.stdout).toMatch(
      /^! keychain +no D-Bus session \(DBUS_SESSION_BUS_ADDRESS is not set\) — run clawbar in a desktop session, or under dbus-run-session with gnome-keyring unlocked; or set "secrets": \{"backend": "file"\} in config\.json$/m,
    );
  });

  it('on a D-Bus session where no Secret Service runs', async () => {
    home = makeTempHome();
    // A private session bus that knows no services at all (no gnome-keyring to activate).
    const socket = path.join(home.root, 'bus');
    const config = path.join(home.root, 'bus.conf');
    writeFileSync(
      config,
      `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:path=${socket}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>`,
    );
    const bus = spawn('dbus-daemon', [`--config-file=${config}`, '--nofork', '--print-address=1'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    daemons.push(bus);
    const [address] = (await once(bus.stdout!, 'data')) as [Buffer];
    const run = await clawbar.run(['doctor'], {
      ...home.env,
      DBUS_SESSION_BUS_ADDRESS: address.toString().trim(),
      CLAWBAR_GATEWAY_PORT: String(await freePort()),
    });
    expect(run.stdout).toMatch(
      /^! keychain +no Secret Service runs on the D-Bus session — install one \(Debian\/Ubuntu: apt-get install gnome-keyring\); or set "secrets"/m,
    );
  });
});
