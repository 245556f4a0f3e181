import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import {
  startFakeOAuthServer,
  type FakeOAuthServer,
  type FakeOAuthServerOptions,
} from '../../../test/fixtures/oauth-server.js';
import { captureLogs, waitFor } from '../../../test/fixtures/reauth-helpers.js';
import { createOwnStore, type OwnStore } from '../auth/own-store.js';
import { createFileSecretStore } from '../secrets/secret-store.js';

import { runOwnDeviceLogin } from './own-device-login.js';

import type { DeviceCodePrompt } from './types.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(options: FakeOAuthServerOptions = {}): Promise<{ store: OwnStore; server: FakeOAuthServer }> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'clawbar-own-device-'));
  const server = await startFakeOAuthServer(options);
  const store = createOwnStore({
    file: path.join(home, 'auth-profiles.json'),
    secrets: createFileSecretStore(path.join(home, 'secrets.json')),
  });
  const logs = captureLogs();
  cleanups.push(() => rmSync(home, { recursive: true, force: true }), server.close, logs.restore);
  return { store, server };
}

describe("clawbar's own device-code login", () => {
  it('shows the device page and code, polls until the user signs in elsewhere, exchanges and stores the tokens', async () => {
    const { store, server } = await setup();
    const prompts: DeviceCodePrompt[] = [];
    const result = runOwnDeviceLogin({
      authBaseUrl: server.url,
      store,
      onDeviceCode: (prompt) => prompts.push(prompt),
      maxPollIntervalMs: 50,
    });
    expect(await waitFor(() => server.deviceCodes().some((d) => d.polls >= 2))).toBe(true);
    expect(prompts).toEqual([
      { url: `${server.url}/codex/device`, userCode: server.deviceCodes()[0]!.userCode, expiresInMs: 15 * 60_000 },
    ]);
    // Nothing is stored while the code waits.
    expect(await store.readOAuth('openai-codex:default')).toBeNull();
    server.approveDevice(prompts[0]!.userCode);
    const tokens = await result;
    expect(tokens).toMatchObject({ email: 'own@example.com', accountId: 'acct-own-1', plan: 'plus' });
    expect((await store.readOAuth('openai-codex:default'))?.refreshToken).toBe(server.currentRefreshToken());
    // The exchange is Codex's: authorization_code with the verifier the poll handed back, at the device callback.
    const exchange = server.tokenRequests.find((r) => r.grant_type === 'authorization_code')!;
    expect(exchange).toMatchObject({
      client_id: 'app_EMoamEEZ73f0CkXaXp7hrann',
      redirect_uri: `${server.url}/deviceauth/callback`,
    });
    expect(exchange.code_verifier).toMatch(/^[\w-]{43}$/);
  });

  it('says so in one line when the auth server offers no device login', async () => {
    const { store, server } = await setup({ deviceAuth: 'disabled' });
    await expect(runOwnDeviceLogin({ authBaseUrl: server.url, store, onDeviceCode: () => undefined })).rejects.toThrow(
      'the auth server offers no device-code login — use the browser login',
    );
  });

  it('stops polling at once when cancelled, storing nothing', async () => {
    const { store, server } = await setup();
    const abort = new AbortController();
    const result = runOwnDeviceLogin({
      authBaseUrl: server.url,
      store,
      onDeviceCode: () => abort.abort(),
      signal: abort.signal,
    });
    await expect(result).rejects.toThrow('login cancelled');
    expect(server.deviceCodes()[0]!.polls).toBe(0);
    expect(await store.readOAuth('openai-codex:default')).toBeNull();
  });

  it('gives up when the code expires unused', async () => {
    const { store, server } = await setup();
    let now = Date.now();
    const result = runOwnDeviceLogin({
      authBaseUrl: server.url,
      store,
      onDeviceCode: () => (now += 16 * 60_000),
      clock: () => now,
      maxPollIntervalMs: 10,
    });
    await expect(result).rejects.toThrow('the one-time code expired unused (15 minutes) — start again');
  });
});
