// Issue 18's health probe in the running gateway: the usage poll at start verifies the login it
// reads, `auth.probe` asks the server about any other login at once, a rejection turns the login
// expired with its re-login in `auth.changed`, and no token endpoint is ever called.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { createOwnStore } from '../../src-main/core/auth/own-store.js';
import { resolvePaths } from '../../src-main/core/config/paths.js';
import { startRuntime } from '../../src-main/core/runtime/start.js';
import { createSecretStore } from '../../src-main/core/secrets/secret-store.js';
import { codexChatgptAuthJson } from '../fixtures/jwt.js';
import { startFakeOAuthServer } from '../fixtures/oauth-server.js';
import { openAuthedClient } from '../fixtures/raw-client.js';
import { makeTempHome } from '../fixtures/temp-home.js';
import { codexBody, startUsageServer } from '../fixtures/usage-server.js';

import type { ProfileView } from '../../src-shared/protocol/index.js';

const DAY = 86_400_000;
const CLI = 'openai-codex:codex-cli';
const OWN = 'openai-codex:default';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('health probe in the gateway', () => {
  it('auth.probe checks a login now; a rejection marks it expired; no token endpoint is called', async () => {
    const home = makeTempHome('clawbar-probe-gw-');
    cleanups.push(home.cleanup);
    const server = await startUsageServer();
    const oauth = await startFakeOAuthServer();
    cleanups.push(
      () => server.close(),
      () => oauth.close(),
    );
    mkdirSync(home.codexHome, { recursive: true });
    mkdirSync(home.clawbarHome, { recursive: true });
    writeFileSync(path.join(home.clawbarHome, 'config.json'), JSON.stringify({ secrets: { backend: 'file' } }));
    const authFile = path.join(home.codexHome, 'auth.json');
    const authJson = codexChatgptAuthJson({ expiresAt: Date.now() + 9 * DAY });
    writeFileSync(authFile, authJson);
    const cliToken = (JSON.parse(authJson) as { tokens: { access_token: string } }).tokens.access_token;
    // clawbar's own login: the usage poll reads it, so the CLI's login is left to the probe.
    const own = oauth.issue();
    await createOwnStore({
      file: resolvePaths(home.env).authProfiles,
      secrets: createSecretStore('file', home.clawbarHome),
    }).saveOAuth({ accessToken: own.access_token, refreshToken: own.refresh_token, expiresAt: Date.now() + 9 * DAY });
    server.codex = [{ kind: 'json', body: codexBody() }];

    const runtime = await startRuntime({
      env: {
        ...home.env,
        CLAWBAR_CHATGPT_BASE_URL: server.chatgptBaseUrl,
        CLAWBAR_OPENAI_AUTH_URL: oauth.url,
      },
      port: 0,
      dashboardDir: null,
    });
    cleanups.push(() => runtime.close());
    const { client } = await openAuthedClient(runtime.gateway.wsUrl, runtime.token);
    cleanups.push(() => client.close());
    const profilesIn = (payload: unknown) => (payload as { profiles: ProfileView[] }).profiles;

    // The poll at start is the own login's check (it may land before the client connects).
    const statusOf = async (id: string) =>
      profilesIn((await client.request('status', {})).payload).find((p) => p.id === id);
    await expect.poll(() => statusOf(OWN)).toMatchObject({ probe: { result: 'verified' } });
    const before = await client.request('status', {});
    expect(profilesIn(before.payload).find((p) => p.id === CLI)).toMatchObject({ status: 'ok', canProbe: true });
    expect(profilesIn(before.payload).find((p) => p.id === CLI)).not.toHaveProperty('probe');

    const checked = await client.request('auth.probe', { profileId: CLI });
    expect(checked.ok).toBe(true);
    expect(profilesIn(checked.payload).find((p) => p.id === CLI)).toMatchObject({
      status: 'ok',
      probe: { result: 'verified' },
    });

    // Revoked on the server: the next check says so, and the profile offers its re-login.
    server.byToken.set(cliToken, { kind: 'status', status: 401 });
    const rejected = await client.request('auth.probe', {});
    expect(profilesIn(rejected.payload).find((p) => p.id === CLI)).toMatchObject({
      status: 'expired',
      detail: 'rejected by server (401)',
      probe: { result: 'rejected' },
      fix: { kind: 'login', label: 'Re-login' },
    });
    await client.waitFor(
      (f) =>
        f.event === 'auth.changed' &&
        profilesIn(f.payload).some((p) => p.id === CLI && p.status === 'expired' && p.probe?.result === 'rejected'),
    );

    const refused = await client.request('auth.probe', { profileId: CLI });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(oauth.tokenRequests).toHaveLength(0);
    expect(readFileSync(authFile, 'utf8')).toBe(authJson);
    expect(JSON.stringify(client.frames)).not.toContain(cliToken);
  });
});
