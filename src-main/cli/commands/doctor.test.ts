import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createServer, type Server } from 'node:net';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { useBuiltCli } from '../../../test/fixtures/cli.js';
import { writeFakeCli } from '../../../test/fixtures/fake-cli.js';
import { makeTempHome, type TempHome } from '../../../test/fixtures/temp-home.js';
import { freePort } from '../../core/gateway/testing/free-port.js';

const clawbar = useBuiltCli();

let home: TempHome;
const servers: Server[] = [];
afterEach(async () => {
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
    expect(run.stdout).toMatch(
      /^✗ file modes +.*\.clawbar is 755 \(want 700\), gateway\.token is 644 \(want 600\) — fix with chmod$/m,
    );
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
