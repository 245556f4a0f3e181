// `clawbar auth login openai-codex` as a real process against a loopback OAuth server; the test
// plays the browser.
import { type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { buildCli, runCli, type BuiltCli } from '../fixtures/build-cli.js';
import { freePort } from '../fixtures/free-port.js';
import { startFakeOAuthServer, type FakeOAuthServer } from '../fixtures/oauth-server.js';
import { waitFor } from '../fixtures/reauth-helpers.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';

let built: BuiltCli;
beforeAll(async () => {
  built = await buildCli();
}, 60_000);
afterAll(() => built?.cleanup());

const cleanups: (() => Promise<void> | void)[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ home: TempHome; server: FakeOAuthServer; env: Record<string, string> }> {
  const home = makeTempHome('clawbar-auth-login-');
  const server = await startFakeOAuthServer();
  cleanups.push(home.cleanup, server.close);
  mkdirSync(home.clawbarHome, { recursive: true });
  writeFileSync(path.join(home.clawbarHome, 'config.json'), JSON.stringify({ secrets: { backend: 'file' } }));
  const env = {
    ...home.env,
    CLAWBAR_OPENAI_AUTH_URL: server.url,
    CLAWBAR_OAUTH_CALLBACK_PORTS: String(await freePort()),
  };
  return { home, server, env };
}

function run(args: string[], env: Record<string, string>) {
  const r = runCli(built, args, env);
  children.push(r.child);
  const url = async () => {
    expect(await waitFor(() => /^http\S+\/oauth\/authorize\?\S+$/m.test(r.stdout()))).toBe(true);
    return r.stdout().match(/^(http\S+\/oauth\/authorize\?\S+)$/m)![1]!;
  };
  return { ...r, url };
}

async function browse(authorize: string): Promise<number> {
  const consent = await fetch(authorize, { redirect: 'manual' });
  return (await fetch(consent.headers.get('location')!)).status;
}

describe('clawbar auth login openai-codex', () => {
  it('--device prints the link and the one-time code, and stores the login once it is finished elsewhere', async () => {
    const { server, env } = await setup();
    const r = run(['auth', 'login', 'openai-codex', '--device'], env);
    expect(await waitFor(() => /Enter the code (\S+)/.test(r.stdout()))).toBe(true);
    const code = /Enter the code (\S+)/.exec(r.stdout())![1]!;
    expect(r.stdout()).toContain(`  1. Open ${server.url}/codex/device\n`);
    expect(server.deviceCodes().map((d) => d.userCode)).toEqual([code]);
    server.approveDevice(code);
    expect(await r.exit).toBe(0);
    expect(r.stdout()).toMatch(/✓ openai-codex:default \(own@example\.com\) ok, expires in 9d 23h/);
  });

  it('prints the URL, completes the login from the browser and stores openai-codex:default', async () => {
    const { home, server, env } = await setup();
    const r = run(['auth', 'login', 'openai-codex', '--no-open'], env);
    expect(await browse(await r.url())).toBe(200);
    expect(await r.exit).toBe(0);
    expect(r.stdout()).toMatch(
      /^✓ openai-codex:default \(own@example\.com\) ok, expires in 9d 23h — tokens stored in secrets\.json$/m,
    );
    const profiles = JSON.parse(readFileSync(path.join(home.clawbarHome, 'auth-profiles.json'), 'utf8'));
    expect(profiles.profiles['openai-codex:default']).toMatchObject({
      type: 'oauth',
      source: 'clawbar',
      email: 'own@example.com',
    });
    const secrets = JSON.parse(readFileSync(path.join(home.clawbarHome, 'secrets.json'), 'utf8'));
    const stored = JSON.parse(secrets['openai-codex:default']);
    expect(stored.refreshToken).toBe(server.currentRefreshToken());
    // No token in the terminal.
    for (const secret of [stored.accessToken, stored.refreshToken])
      expect(r.stdout() + r.stderr()).not.toContain(secret);
  });

  it('stores the tokens in the OS keychain by default — or, with no keychain, fails before the browser step', async () => {
    const { home, env } = await setup();
    writeFileSync(path.join(home.clawbarHome, 'config.json'), '{}');
    const r = run(['auth', 'login', 'openai-codex', '--no-open'], env);
    if (process.env.CLAWBAR_TEST_IN_KEYRING) {
      // Inside `npm test`: a throw-away gnome-keyring answers.
      expect(await browse(await r.url())).toBe(200);
      expect(await r.exit).toBe(0);
      expect(r.stdout()).toMatch(/ — tokens stored in the keychain$/m);
      const keytar = (await import('keytar')).default;
      const secret = await keytar.getPassword('clawbar', 'openai-codex:default');
      expect(JSON.parse(secret!)).toMatchObject({ accessToken: expect.any(String), refreshToken: expect.any(String) });
      await keytar.deletePassword('clawbar', 'openai-codex:default');
    } else {
      expect(await r.exit).toBe(1);
      expect(r.stdout()).toBe('');
      expect(r.stderr()).toMatch(/^clawbar: (no OS keychain is reachable|the keychain addon).*\n$/);
    }
    expect(existsSync(path.join(home.clawbarHome, 'secrets.json'))).toBe(false);
  });

  it('exits 1 with one line when consent is denied', async () => {
    const { server, env } = await setup();
    server.setOptions({ consent: 'deny' });
    const r = run(['auth', 'login', 'openai-codex', '--no-open'], env);
    await browse(await r.url());
    expect(await r.exit).toBe(1);
    expect(r.stderr()).toBe('clawbar: the login was denied in the browser (access_denied)\n');
  });

  it('Ctrl-C cancels with exit code 130', async () => {
    const { env } = await setup();
    const r = run(['auth', 'login', 'openai-codex', '--no-open'], env);
    await r.url();
    r.child.kill('SIGINT');
    expect(await r.exit).toBe(130);
    expect(r.stderr()).toBe('clawbar: login cancelled\n');
  });
});
