import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { writeFakeCli, type FakeCli, type FakeLoginBehaviour } from '../../../test/fixtures/fake-cli.js';
import { startFakeOAuthServer } from '../../../test/fixtures/oauth-server.js';
import {
  codexProcesses,
  killWholeGroup,
  REAL_CODEX,
  spawnRealCodex,
  withRealCodexLogin,
} from '../../../test/fixtures/real-codex.js';
import {
  captureLogs,
  codexProfileFromDisk,
  groupGone,
  processGone,
  reauthConfig,
  waitFor,
} from '../../../test/fixtures/reauth-helpers.js';
import { makeTempHome, type TempHome } from '../../../test/fixtures/temp-home.js';
import { makeTestCa } from '../../../test/fixtures/test-ca.js';
import { fixedConfig } from '../config/config-source.js';
import { cliLogin } from '../providers/registry.js';

import { createLoginRunner } from './login-runner.js';

import type { LoginProgress, LoginRunner } from './types.js';

interface Harness {
  home: TempHome;
  fake: FakeCli;
  runner: LoginRunner;
  opened: string[];
  events: LoginProgress[];
  reloads: number;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function harness(
  login: FakeLoginBehaviour,
  config: {
    timeoutMs?: number;
    args?: string[];
    codex?: string;
    killGraceMs?: number;
    path?: string;
    platform?: NodeJS.Platform;
  } = {},
): Harness {
  const home = makeTempHome();
  mkdirSync(home.codexHome, { recursive: true });
  const fake = writeFakeCli({ login });
  const logs = captureLogs();
  const h: Harness = { home, fake, runner: undefined as unknown as LoginRunner, opened: [], events: [], reloads: 0 };
  const reauth = reauthConfig(config.codex ?? fake.codex, fake.claude, {
    ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
    ...(config.args ? { args: config.args } : {}),
  });
  h.runner = createLoginRunner({
    config: fixedConfig(reauth),
    auth: {
      reload: async () => {
        h.reloads++;
        return codexProfileFromDisk(home.codexHome);
      },
    },
    openUrl: (url) => void h.opened.push(url),
    env: { ...home.env, ...(config.path !== undefined ? { PATH: config.path } : {}) },
    killGraceMs: config.killGraceMs ?? 500,
    platform: config.platform ?? 'linux',
  });
  h.runner.onProgress((event) => h.events.push(event));
  cleanups.push(home.cleanup, fake.cleanup, logs.restore, () => h.runner.dispose());
  return h;
}

const states = (events: LoginProgress[]) => [...new Set(events.map((e) => e.state))];

describe('login runner', () => {
  it('runs codex login: starting → waiting → succeeded, opens the URL once, re-reads and reports the new expiry', async () => {
    const expiresAt = Date.now() + 10 * 24 * 3600 * 1000;
    const h = harness({ outcome: 'success', expiresAt, delayMs: 100 });
    const view = h.runner.start('openai-codex:codex-cli');
    expect(view.state).toBe('starting');
    const outcome = await h.runner.wait(view.loginId);

    expect(outcome.view.state).toBe('succeeded');
    expect(states(h.events)).toEqual(['starting', 'waiting', 'succeeded']);
    expect(h.opened).toHaveLength(1);
    expect(h.opened[0]).toMatch(
      /^https:\/\/auth\.openai\.com\/oauth\/authorize\?response_type=code&client_id=app_EMoam/,
    );
    expect(outcome.view.url).toBe(h.opened[0]);
    expect(h.reloads).toBe(1);
    expect(outcome.profile?.status).toBe('ok');
    expect(Date.parse(outcome.profile!.expiresAt!)).toBe(Math.floor(expiresAt / 1000) * 1000);
    const last = h.events.at(-1)!;
    expect(last.line).toMatch(/^openai-codex:codex-cli ok, expires in 9d 23h$/);
    // Every output line went out as progress, and the command ran as an argument array.
    expect(h.events.map((e) => e.line)).toContain('Successfully logged in');
    expect(h.events.map((e) => e.line)).toContain('Starting local login server on http://localhost:1455.');
    expect(h.fake.calls().map((c) => c.argv)).toEqual([['login']]);
    expect(h.fake.calls()[0]!.codexHome).toBe(h.home.codexHome);
  });

  it('lets a second start join the running login: same loginId, one child, one browser tab', async () => {
    const h = harness({ outcome: 'success', goFile: '' });
    h.fake.configure({ login: { outcome: 'success', goFile: h.fake.goFile } });
    const first = h.runner.start('openai-codex:codex-cli');
    expect(await waitFor(() => h.events.some((e) => e.state === 'waiting'))).toBe(true);
    const second = h.runner.start('openai-codex:codex-cli');
    expect(second.loginId).toBe(first.loginId);
    expect(second.state).toBe('waiting');
    expect(second.url).toBe(h.opened[0]);
    expect(h.runner.logins().map((l) => [l.loginId, l.state])).toEqual([[first.loginId, 'waiting']]);
    h.fake.go();
    expect((await h.runner.wait(first.loginId)).view.state).toBe('succeeded');
    expect(h.fake.calls()).toHaveLength(1);
    expect(h.opened).toHaveLength(1);
    // Once over, a new start is a new login.
    const third = h.runner.start('openai-codex:codex-cli');
    expect(third.loginId).not.toBe(first.loginId);
    await h.runner.wait(third.loginId);
  });

  it('fails with the child’s last error line on a non-zero exit', async () => {
    const h = harness({ outcome: 'failure', error: 'Login was not completed: access_denied' });
    const { loginId } = h.runner.start('openai-codex:codex-cli');
    const outcome = await h.runner.wait(loginId);
    expect(outcome.view.state).toBe('failed');
    expect(outcome.view.error).toBe('Error logging in: Login was not completed: access_denied');
    expect(h.events.at(-1)).toMatchObject({ state: 'failed', error: outcome.view.error });
    expect(h.reloads).toBe(0);
  });

  it('cancel kills the whole process group, grandchildren included', async () => {
    const h = harness({ outcome: 'hang', grandchild: true });
    const { loginId } = h.runner.start('openai-codex:codex-cli');
    expect(await waitFor(() => h.fake.grandchildPid() !== null && h.events.some((e) => e.state === 'waiting'))).toBe(
      true,
    );
    const pgid = h.fake.calls()[0]!.pid;
    const grandchild = h.fake.grandchildPid()!;
    expect(groupGone(pgid)).toBe(false);
    expect(h.runner.cancel(loginId)).toBe(true);
    const outcome = await h.runner.wait(loginId);
    expect(outcome.view.state).toBe('cancelled');
    expect(groupGone(pgid)).toBe(true);
    expect(processGone(grandchild)).toBe(true);
    expect(h.runner.cancel(loginId)).toBe(false);
  });

  it('escalates to SIGKILL when the child ignores SIGTERM', async () => {
    const h = harness({ outcome: 'hang', ignoreSigterm: true, grandchild: true }, { killGraceMs: 200 });
    const { loginId } = h.runner.start('openai-codex:codex-cli');
    expect(await waitFor(() => h.fake.grandchildPid() !== null && h.events.some((e) => e.state === 'waiting'))).toBe(
      true,
    );
    const pgid = h.fake.calls()[0]!.pid;
    h.runner.cancel(loginId);
    expect((await h.runner.wait(loginId)).view.state).toBe('cancelled');
    expect(groupGone(pgid)).toBe(true);
  });

  it('times out: kills the group and fails with a line saying so', async () => {
    const h = harness({ outcome: 'hang', grandchild: true }, { timeoutMs: 600 });
    const { loginId } = h.runner.start('openai-codex:codex-cli');
    const outcome = await h.runner.wait(loginId);
    expect(outcome.view.state).toBe('failed');
    expect(outcome.view.error).toMatch(/^codex login timed out after 0m/);
    expect(groupGone(h.fake.calls()[0]!.pid)).toBe(true);
    expect(processGone(h.fake.grandchildPid()!)).toBe(true);
  });

  it('keeps a login with a 30-day timeout running instead of failing it at once', async () => {
    const h = harness({ outcome: 'success', delayMs: 400 }, { timeoutMs: 30 * 86_400_000 });
    const { loginId } = h.runner.start('openai-codex:codex-cli');
    expect((await h.runner.wait(loginId)).view.state).toBe('succeeded');
  });

  it('waits for a slow exit after the success line before reporting success', async () => {
    const h = harness({ outcome: 'success', exitDelayMs: 400 });
    const { loginId } = h.runner.start('openai-codex:codex-cli');
    expect(await waitFor(() => h.events.some((e) => e.line === 'Successfully logged in'))).toBe(true);
    expect(h.runner.logins()[0]!.state).toBe('waiting');
    expect((await h.runner.wait(loginId)).view.state).toBe('succeeded');
  });

  it('names the install command when the executable is missing', async () => {
    const onPath = harness({ outcome: 'success' }, { codex: 'codex', path: '/nonexistent-bin' });
    const a = await onPath.runner.wait(onPath.runner.start('openai-codex:codex-cli').loginId);
    expect(a.view).toMatchObject({ state: 'failed', error: cliLogin('codex').installHint });
    expect(cliLogin('codex').installHint).toBe('Codex CLI not found — install it with: npm install -g @openai/codex');

    const byPath = harness({ outcome: 'success' }, { codex: '/nonexistent/codex' });
    const b = await byPath.runner.wait(byPath.runner.start('openai-codex:codex-cli').loginId);
    expect(b.view.error).toBe(cliLogin('codex').installHint);

    const claudeRunner = createLoginRunner({
      config: fixedConfig(reauthConfig('codex', 'claude')),
      auth: { reload: async () => [] },
      openUrl: () => undefined,
      env: { PATH: '/nonexistent-bin' },
    });
    const c = await claudeRunner.wait(claudeRunner.start('anthropic:claude-cli').loginId);
    expect(c.view.error).toBe('Claude Code not found — install it with: npm install -g @anthropic-ai/claude-code');
  });

  it('runs the user’s codex from PATH, never the copy in a node_modules/.bin that npm put first', async () => {
    // The repository's own node_modules/.bin holds the real @openai/codex (a devDependency).
    const h = harness({ outcome: 'success' });
    const path_ = [path.resolve('node_modules/.bin'), h.fake.dir, '/usr/bin', '/bin'].join(path.delimiter);
    const runner = createLoginRunner({
      // Found there, the real codex would wait for a browser until this timeout.
      config: fixedConfig(reauthConfig('codex', 'claude', { timeoutMs: 5000 })),
      auth: { reload: async () => codexProfileFromDisk(h.home.codexHome) },
      openUrl: () => undefined,
      env: { ...h.home.env, PATH: path_ },
      killGraceMs: 500,
      platform: 'linux',
    });
    cleanups.push(() => runner.dispose());
    const outcome = await runner.wait(runner.start('openai-codex:codex-cli').loginId);
    expect(outcome.view.state).toBe('succeeded');
    expect(h.fake.calls().map((call) => [call.which, call.argv])).toEqual([['codex', ['login']]]);
  });

  it('runs a device login: codex login --device-auth, the link and one-time code as progress, nothing opened here', async () => {
    const h = harness({ outcome: 'success', deviceCode: 'WXYZ-98765', delayMs: 100 });
    const before = Date.now();
    const view = h.runner.start('openai-codex:codex-cli', 'device');
    expect(view.method).toBe('device');
    const outcome = await h.runner.wait(view.loginId);
    expect(outcome.view).toMatchObject({
      state: 'succeeded',
      method: 'device',
      url: 'https://auth.openai.com/codex/device',
      userCode: 'WXYZ-98765',
    });
    // "expires in 15 minutes", counted from when the code was read.
    const expiresAt = Date.parse(outcome.view.expiresAt!);
    expect(expiresAt - before).toBeGreaterThanOrEqual(15 * 60_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const announced = h.events.find((e) => e.userCode);
    expect(announced).toMatchObject({
      state: 'waiting',
      userCode: 'WXYZ-98765',
      url: 'https://auth.openai.com/codex/device',
    });
    expect(announced!.expiresAt).toBe(outcome.view.expiresAt);
    // For another device: the link is shown, never opened on this machine.
    expect(h.opened).toEqual([]);
    expect(h.fake.calls()[0]!.argv).toEqual(['login', '--device-auth']);
  });

  it('keeps configured arguments for a device login and adds the flag only once', async () => {
    const h = harness({ outcome: 'success' }, { args: ['login', '--device-auth'] });
    await h.runner.wait(h.runner.start('openai-codex:codex-cli', 'device').loginId);
    expect(h.fake.calls()[0]!.argv).toEqual(['login', '--device-auth']);
  });

  it('a device login replaces a browser login still waiting, and joins another device login', async () => {
    const h = harness({ outcome: 'hang' });
    const browser = h.runner.start('openai-codex:codex-cli');
    expect(await waitFor(() => h.events.some((e) => e.state === 'waiting' && e.loginId === browser.loginId))).toBe(
      true,
    );
    h.fake.configure({ login: { outcome: 'success', goFile: h.fake.goFile } });
    const device = h.runner.start('openai-codex:codex-cli', 'device');
    expect(device.loginId).not.toBe(browser.loginId);
    const replaced = await h.runner.wait(browser.loginId);
    expect(replaced.view).toMatchObject({ state: 'cancelled' });
    expect(await waitFor(() => h.runner.logins().some((l) => l.loginId === device.loginId && l.userCode))).toBe(true);
    expect(h.runner.start('openai-codex:codex-cli', 'device').loginId).toBe(device.loginId);
    h.fake.go();
    expect((await h.runner.wait(device.loginId)).view.state).toBe('succeeded');
    expect(h.fake.calls().map((c) => c.argv)).toEqual([['login'], ['login', '--device-auth']]);
  });

  it('refuses a device login for a CLI that has none, naming what to run instead', () => {
    const h = harness({ outcome: 'success' });
    expect(() => h.runner.start('anthropic:claude-cli', 'device')).toThrow(
      'anthropic:claude-cli has no device-code login: run `claude auth login` on this machine',
    );
    expect(h.fake.calls()).toEqual([]);
  });

  it('runs claude auth login for anthropic:claude-cli', async () => {
    const h = harness({ outcome: 'success' });
    const { loginId } = h.runner.start('anthropic:claude-cli');
    const outcome = await h.runner.wait(loginId);
    expect(outcome.view.state).toBe('succeeded');
    expect(h.opened[0]).toMatch(/^https:\/\/claude\.com\/cai\/oauth\/authorize\?/);
    expect(h.fake.calls()[0]).toMatchObject({ which: 'claude', argv: ['auth', 'login'] });
  });

  it('gives the CLI no stdin by default: claude shows its code prompt, reads nothing and waits for the browser', async () => {
    // As the real claude does when stdin ends (test/fixtures/fake-claude.test.ts): it waits on.
    const h = harness({ outcome: 'success', pasteCode: true });
    const { loginId } = h.runner.start('anthropic:claude-cli');
    const prompted = () => h.runner.logins()[0]?.lines.includes('Paste code here if prompted >') ?? false;
    expect(await waitFor(prompted)).toBe(true);
    expect(h.runner.logins()[0]!.state).toBe('waiting');
    expect(h.fake.pastedCode()).toBeNull();
    h.runner.cancel(loginId);
    expect((await h.runner.wait(loginId)).view.state).toBe('cancelled');
  });

  it('on macOS leaves opening the page to Codex, which does it itself, so there is one tab', async () => {
    const h = harness({ outcome: 'success' }, { platform: 'darwin' });
    const outcome = await h.runner.wait(h.runner.start('openai-codex:codex-cli').loginId);
    expect(outcome.view.url).toMatch(/^https:\/\/auth\.openai\.com\/oauth\/authorize\?/);
    expect(h.opened).toEqual([]);
    // Claude is opened by clawbar everywhere.
    await h.runner.wait(h.runner.start('anthropic:claude-cli').loginId);
    expect(h.opened).toHaveLength(1);
  });

  it('refuses a profile no CLI login can fix', () => {
    const h = harness({ outcome: 'success' });
    expect(() => h.runner.start('openai:env')).toThrow('no CLI login can fix openai:env');
    expect(() => h.runner.start('openai-codex:default')).toThrow(/clawbar auth login openai-codex/);
  });

  it('dispose (gateway quit) kills running children', async () => {
    const h = harness({ outcome: 'hang', grandchild: true });
    const { loginId } = h.runner.start('openai-codex:codex-cli');
    expect(await waitFor(() => h.fake.grandchildPid() !== null)).toBe(true);
    await h.runner.dispose();
    expect((await h.runner.wait(loginId)).view).toMatchObject({ state: 'cancelled', error: 'clawbar is quitting' });
    expect(groupGone(h.fake.calls()[0]!.pid)).toBe(true);
    expect(() => h.runner.start('openai-codex:codex-cli')).toThrow('clawbar is quitting');
  });
});

describe('login runner with the real @openai/codex 0.169', () => {
  // Serialised with every other real `codex login` on this machine: each cancels the others' login server.
  it(
    'reads the real URL, opens it once with Codex’s own opener silenced, and cancel leaves no process behind',
    () =>
      withRealCodexLogin(async () => {
        const recorder = path.join(mkdtempSync(path.join(os.tmpdir(), 'clawbar-browser-')), 'browser.sh');
        const record = `${recorder}.called`;
        writeFileSync(recorder, `#!/bin/sh\necho "$@" > ${record}\n`, { mode: 0o755 });
        cleanups.push(() => rmSync(path.dirname(recorder), { recursive: true, force: true }));
        const h = harness({ outcome: 'success' }, { codex: REAL_CODEX, platform: 'linux' });

        // Control: left alone, the real codex opens the page itself through $BROWSER.
        const controlHome = path.join(h.home.root, 'control-codex');
        mkdirSync(controlHome);
        const control = spawnRealCodex(['login'], {
          env: { ...h.home.env, BROWSER: recorder, CODEX_HOME: controlHome },
          stdio: 'ignore',
        });
        expect(await waitFor(() => existsSync(record))).toBe(true);
        // The whole group: killing only the npm wrapper would leave the native login server running.
        await killWholeGroup(control);
        expect(codexProcesses(controlHome)).toEqual([]);
        rmSync(record);

        const runner = createLoginRunner({
          config: fixedConfig(reauthConfig(REAL_CODEX, h.fake.claude)),
          auth: { reload: async () => [] },
          openUrl: (url) => void h.opened.push(url),
          env: { ...h.home.env, BROWSER: recorder },
          platform: 'linux',
          killGraceMs: 500,
        });
        cleanups.push(() => runner.dispose());
        const { loginId } = runner.start('openai-codex:codex-cli');
        expect(await waitFor(() => h.opened.length === 1, 15_000)).toBe(true);
        expect(h.opened[0]).toMatch(
          /^https:\/\/auth\.openai\.com\/oauth\/authorize\?response_type=code&client_id=app_EMoamEEZ73f0CkXaXp7hrann&redirect_uri=http%3A%2F%2F(127\.0\.0\.1|localhost)%3A145[57]%2Fauth%2Fcallback&code_challenge=[\w-]+&code_challenge_method=S256&state=[\w-]+/,
        );
        expect(runner.logins()[0]!.state).toBe('waiting');
        expect(codexProcesses(h.home.codexHome).length).toBeGreaterThan(0);
        runner.cancel(loginId);
        expect((await runner.wait(loginId)).view.state).toBe('cancelled');
        expect(codexProcesses(h.home.codexHome)).toEqual([]);
        expect(existsSync(record)).toBe(false);
        expect(h.opened).toHaveLength(1);
      }),
    60_000,
  );

  it('runs the real codex login --device-auth against the auth stand-in: link, code, sign-in elsewhere, auth.json', async () => {
    // HTTPS with a throw-away CA, as the real auth server: Codex trusts it through SSL_CERT_FILE.
    const ca = makeTestCa();
    cleanups.push(ca.cleanup);
    const server = await startFakeOAuthServer({}, { key: ca.key, cert: ca.cert });
    cleanups.push(server.close);
    const h = harness({ outcome: 'success' });
    // `--experimental_issuer` is Codex's own (hidden) switch for another auth server.
    const runner = createLoginRunner({
      config: fixedConfig(
        reauthConfig(REAL_CODEX, h.fake.claude, { args: ['login', '--experimental_issuer', server.url] }),
      ),
      auth: { reload: async () => codexProfileFromDisk(h.home.codexHome) },
      openUrl: (url) => void h.opened.push(url),
      env: { ...h.home.env, SSL_CERT_FILE: ca.caFile },
      platform: 'linux',
      killGraceMs: 500,
    });
    cleanups.push(() => runner.dispose());
    const events: LoginProgress[] = [];
    runner.onProgress((event) => events.push(event));
    const { loginId } = runner.start('openai-codex:codex-cli', 'device');
    expect(await waitFor(() => events.some((e) => e.userCode), 15_000)).toBe(true);
    const announced = events.find((e) => e.userCode)!;
    expect(announced).toMatchObject({ state: 'waiting', url: `${server.url}/codex/device` });
    expect(server.deviceCodes().map((d) => d.userCode)).toEqual([announced.userCode]);
    expect(existsSync(path.join(h.home.codexHome, 'auth.json'))).toBe(false);
    // The owner signs in on the phone; Codex's next poll gets the code and exchanges it.
    server.approveDevice(announced.userCode!);
    const outcome = await runner.wait(loginId);
    expect(outcome.view.state).toBe('succeeded');
    expect(outcome.profile?.status).toBe('ok');
    expect(h.opened).toEqual([]);
    const exchange = server.tokenRequests.find((r) => r.grant_type === 'authorization_code')!;
    expect(exchange.redirect_uri).toBe(`${server.url}/deviceauth/callback`);
    expect(codexProcesses(h.home.codexHome)).toEqual([]);
  }, 60_000);
});
