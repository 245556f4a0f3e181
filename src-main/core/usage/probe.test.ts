// The health probe through the real auth engine and the real usage poller, against the loopback
// usage stand-in, with time driven through the timers seam: a token the server stops accepting is
// marked revoked within one probe period, a poll counts as a check, a network error changes nothing.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { makeHarness, recordingLogger, type Harness } from '../../../test/fixtures/auth-engine-harness.js';
import { codexChatgptAuthJson } from '../../../test/fixtures/jwt.js';
import { startFakeOAuthServer, type FakeOAuthServer } from '../../../test/fixtures/oauth-server.js';
import { codexBody, startUsageServer, type UsageServer } from '../../../test/fixtures/usage-server.js';
import { createOwnStore } from '../auth/own-store.js';
import { resolveEndpoints, resolvePaths } from '../config/paths.js';

import { FakeTimers } from './fake-timers.test-helper.js';
import { createUsagePoller, type UsagePoller } from './poller.js';
import { createHealthProbe, type HealthProbe } from './probe.js';

import type { AuthEngine } from '../auth/types.js';

const MIN = 60_000;
const DAY = 86_400_000;
const PERIOD = 30 * MIN;
const CLI = 'openai-codex:codex-cli';
const OWN = 'openai-codex:default';

let harness: Harness;
let server: UsageServer;
let oauth: FakeOAuthServer;
let clock: FakeTimers;
const stops: (() => void)[] = [];
beforeEach(async () => {
  harness = makeHarness();
  server = await startUsageServer();
  oauth = await startFakeOAuthServer();
  clock = new FakeTimers(Date.now());
});
afterEach(async () => {
  for (const stop of stops.splice(0)) stop();
  await server.close();
  await oauth.close();
  await harness.stopAll();
});

async function writeCodexLogin(): Promise<string> {
  await mkdir(harness.home.codexHome, { recursive: true });
  const json = codexChatgptAuthJson({ expiresAt: Date.now() + 9 * DAY, accountId: 'acct-cli' });
  await writeFile(path.join(harness.home.codexHome, 'auth.json'), json, { mode: 0o600 });
  return (JSON.parse(json) as { tokens: { access_token: string } }).tokens.access_token;
}

/** clawbar's own login (`openai-codex:default`), which the usage poll prefers to the CLI's. */
async function writeOwnLogin(): Promise<string> {
  const paths = resolvePaths(harness.home.env);
  await mkdir(path.dirname(paths.authProfiles), { recursive: true });
  const tokens = oauth.issue();
  await createOwnStore({ file: paths.authProfiles, secrets: harness.secrets }).saveOAuth({
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresAt: Date.now() + 9 * DAY,
    accountId: 'acct-own',
  });
  return tokens.access_token;
}

async function startEngine(): Promise<AuthEngine> {
  // The OpenAI auth server is the stand-in: any refresh would show up in its token requests.
  const engine = harness.engine({ watch: false, env: { CLAWBAR_OPENAI_AUTH_URL: oauth.url } });
  await engine.start();
  return engine;
}

function startPoller(engine: AuthEngine): UsagePoller {
  const poller = createUsagePoller({
    auth: engine,
    endpoints: server.endpoints,
    // A poll a day: within the probe's period only the probe asks.
    refreshMs: DAY,
    timers: clock,
    logger: recordingLogger(harness.lines, 'usage'),
  });
  stops.push(() => poller.stop());
  return poller;
}

function startProbe(engine: AuthEngine, poller: UsagePoller | null, endpoints = server.endpoints): HealthProbe {
  const probe = createHealthProbe({
    auth: engine,
    endpoints,
    periodMs: PERIOD,
    timers: clock,
    logger: recordingLogger(harness.lines, 'auth-probe'),
  });
  const off = poller?.onChecked((check) => probe.record(check));
  stops.push(() => {
    off?.();
    probe.stop();
  });
  return probe;
}

const requestsWith = (token: string) =>
  server.requests.filter((request) => request.headers.authorization === `Bearer ${token}`).length;
const profile = (engine: AuthEngine, id: string) => engine.profiles(clock.now()).find((p) => p.id === id);

describe('health probe', () => {
  it('marks a token the server stops accepting revoked within one probe period, counting the poll as the first check', async () => {
    const token = await writeCodexLogin();
    const authJson = await readFile(path.join(harness.home.codexHome, 'auth.json'), 'utf8');
    const engine = await startEngine();
    server.codex = [{ kind: 'json', body: codexBody() }];
    const poller = startPoller(engine);
    const probe = startProbe(engine, poller);
    probe.start();
    poller.start();
    // The poll at start is the first check: verified, with no request of the probe's own.
    await expect.poll(() => probe.views().get(CLI)?.probe?.result).toBe('verified');
    expect(probe.views().get(CLI)).toMatchObject({
      verifiedAt: new Date(clock.now()).toISOString(),
      canProbe: true,
    });
    clock.advance(MIN);
    expect(requestsWith(token)).toBe(1);

    // The login is revoked on the server: the next check is the probe's, a period after the poll.
    server.codex = [{ kind: 'status', status: 401 }];
    clock.advance(PERIOD - 2 * MIN);
    expect(requestsWith(token)).toBe(1);
    clock.advance(MIN);
    await expect
      .poll(() => profile(engine, CLI))
      .toMatchObject({
        status: 'expired',
        detail: 'rejected by server (401)',
        fix: { kind: 'login', label: 'Re-login', command: 'clawbar relogin codex' },
      });
    expect(requestsWith(token)).toBe(2);
    expect(probe.views().get(CLI)).toMatchObject({
      verifiedAt: new Date(clock.now() - PERIOD).toISOString(),
      probe: { result: 'rejected', detail: 'rejected by server (401)' },
    });
    // A revoked login is not asked about again, and nothing was refreshed or written.
    expect(probe.views().get(CLI)?.canProbe).toBeUndefined();
    clock.advance(3 * PERIOD);
    expect(requestsWith(token)).toBe(2);
    expect(oauth.tokenRequests).toHaveLength(0);
    expect(await readFile(path.join(harness.home.codexHome, 'auth.json'), 'utf8')).toBe(authJson);
  });

  it('probes the login the poll does not read, at most once a period, and never refreshes it', async () => {
    const cliToken = await writeCodexLogin();
    const ownToken = await writeOwnLogin();
    const engine = await startEngine();
    server.codex = [{ kind: 'json', body: codexBody() }];
    const poller = startPoller(engine);
    const probe = startProbe(engine, poller);
    probe.start();
    poller.start();
    await expect.poll(() => probe.views().get(OWN)?.probe?.result).toBe('verified');
    expect(requestsWith(ownToken)).toBe(1);
    expect(probe.views().get(CLI)).toEqual({ canProbe: true });

    // Shortly after start the login no poll reads gets a request of its own.
    clock.advance(MIN);
    await expect.poll(() => probe.views().get(CLI)?.probe?.result).toBe('verified');
    expect(requestsWith(cliToken)).toBe(1);
    clock.advance(PERIOD - 1);
    expect(requestsWith(cliToken)).toBe(1);
    clock.advance(1);
    await expect.poll(() => requestsWith(cliToken)).toBe(2);
    // The own login was probed too once its poll was a period old; clawbar's token endpoint (which
    // renews the own login) was never called.
    expect(requestsWith(ownToken)).toBe(2);
    expect(oauth.tokenRequests).toHaveLength(0);
    expect(oauth.refreshCalls()).toBe(0);
  });

  it('calls a token it cannot check unverified and leaves the status alone', async () => {
    await writeCodexLogin();
    const engine = await startEngine();
    // Nothing listens there: connection refused.
    const probe = startProbe(engine, null, resolveEndpoints({ CLAWBAR_CHATGPT_BASE_URL: 'http://127.0.0.1:9/x' }));
    await probe.probe(CLI);
    expect(probe.views().get(CLI)).toEqual({
      canProbe: true,
      probe: { result: 'unverified', at: new Date(clock.now()).toISOString(), detail: 'usage server unreachable' },
    });
    expect(profile(engine, CLI)).toMatchObject({ status: 'ok', detail: null });
  });

  it('forgets what it found about a token once the login changes', async () => {
    await writeCodexLogin();
    const engine = await startEngine();
    server.codex = [{ kind: 'json', body: codexBody() }];
    const probe = startProbe(engine, null);
    const changes: number[] = [];
    probe.onChanged(() => changes.push(clock.now()));
    probe.start();
    await probe.probe(CLI);
    expect(probe.views().get(CLI)?.probe?.result).toBe('verified');
    await writeCodexLogin();
    await engine.reload();
    expect(probe.views().get(CLI)).toEqual({ canProbe: true });
    expect(changes).toHaveLength(2);
  });

  it('with auth.probe off, asks only on demand', async () => {
    const token = await writeCodexLogin();
    const engine = await startEngine();
    server.codex = [{ kind: 'json', body: codexBody() }];
    const probe = createHealthProbe({ auth: engine, endpoints: server.endpoints, periodMs: null, timers: clock });
    stops.push(() => probe.stop());
    probe.start();
    expect(clock.count()).toBe(0);
    clock.advance(DAY);
    expect(requestsWith(token)).toBe(0);
    expect(await probe.probe(CLI)).toMatchObject([{ profileId: CLI, result: 'verified' }]);
    expect(await probe.probe('openai:env')).toEqual([]);
    expect(requestsWith(token)).toBe(1);
  });
});
