// The dashboard's accounts and routing methods through the real gateway runtime (issue 17):
// `accounts.add` writes config.json and runs the fake codex's login into the new account's home,
// which the running gateway then watches; frames that name a home or a program, or a bad name,
// are refused with nothing written; `accounts.remove` leaves the home; `agent.cooldowns` and
// `agent.log` read what the agent keeps in its state files.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { startRuntime, type Runtime } from '../../src-main/core/runtime/start.js';
import { writeFakeCli, type FakeCli } from '../fixtures/fake-cli.js';
import { codexChatgptAuthJson } from '../fixtures/jwt.js';
import { openAuthedClient, type RawClient } from '../fixtures/raw-client.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';

import type { AccountEntryView, CooldownView, DecisionView, ProfileView } from '../../src-shared/protocol/index.js';

const HOUR = 3_600_000;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** config.json with keys of every kind the add must keep. */
const CONFIG = {
  secrets: { backend: 'file' },
  usage: { refresh: '10m' },
  notifications: { usageUsedPercent: [70] },
  reauth: { codex: { timeout: '2m' } },
};

interface Setup {
  home: TempHome;
  fake: FakeCli;
  runtime: Runtime;
  client: RawClient;
  configFile: string;
}

async function setup(state: Record<string, unknown> = {}, config: object = CONFIG): Promise<Setup> {
  const home = makeTempHome('clawbar-accounts-gw-');
  const fake = writeFakeCli({ login: { outcome: 'success', expiresAt: Date.now() + 240 * HOUR } });
  cleanups.push(home.cleanup, fake.cleanup);
  mkdirSync(home.codexHome, { recursive: true });
  mkdirSync(path.join(home.clawbarHome, 'state'), { recursive: true, mode: 0o700 });
  const configFile = path.join(home.clawbarHome, 'config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  writeFileSync(path.join(home.codexHome, 'auth.json'), codexChatgptAuthJson({ expiresAt: Date.now() + 100 * HOUR }));
  for (const [name, body] of Object.entries(state)) {
    writeFileSync(path.join(home.clawbarHome, 'state', name), JSON.stringify(body), { mode: 0o600 });
  }
  const runtime = await startRuntime({
    env: { ...home.env, CLAWBAR_CODEX_BIN: fake.codex, CLAWBAR_CLAUDE_BIN: fake.claude },
    port: 0,
    dashboardDir: null,
    openUrl: () => undefined,
  });
  cleanups.push(() => runtime.close());
  const { client } = await openAuthedClient(runtime.gateway.wsUrl, runtime.token);
  cleanups.push(() => client.close());
  return { home, fake, runtime, client, configFile };
}

const profilesOf = (frame: { payload?: unknown }) => (frame.payload as { profiles: ProfileView[] }).profiles;

describe('accounts.add / accounts.remove over the gateway', () => {
  it('adds the account with the default home, keeps every other key, runs its login there, and the gateway watches it', async () => {
    const s = await setup();
    const defaultAuth = readFileSync(path.join(s.home.codexHome, 'auth.json'), 'utf8');

    const listed = await s.client.request('accounts.list', {});
    expect(listed.payload).toEqual({
      providers: expect.arrayContaining([
        { provider: 'openai-codex', home: '~/.codex-<name>' },
        { provider: 'anthropic', home: '~/.claude-<name>' },
      ]),
      accounts: [],
    });

    const added = await s.client.request('accounts.add', { provider: 'openai-codex', name: 'work', label: 'Work' });
    expect(added.error).toBeUndefined();
    const { account, loginId } = added.payload as { account: AccountEntryView; loginId: string };
    const accountHome = path.join(s.home.root, '.codex-work');
    expect(account).toEqual({
      provider: 'openai-codex',
      id: 'work',
      label: 'Work',
      home: accountHome,
      profileId: 'openai-codex:codex-cli@work',
    });
    expect(JSON.parse(readFileSync(s.configFile, 'utf8'))).toEqual({
      ...CONFIG,
      accounts: { 'openai-codex': [{ id: 'work', label: 'Work', home: '~/.codex-work' }] },
    });

    // The login runs like any other: its progress on the wire, the fake codex in the account's home.
    const done = await s.client.waitFor(
      (f) =>
        f.event === 'login.progress' &&
        (f.payload as { loginId: string; state: string }).loginId === loginId &&
        (f.payload as { state: string }).state === 'succeeded',
    );
    expect((done.payload as { profileId: string }).profileId).toBe('openai-codex:codex-cli@work');
    const login = s.fake.calls().find((call) => call.argv[0] === 'login')!;
    expect(login.codexHome).toBe(accountHome);
    expect(existsSync(path.join(accountHome, 'auth.json'))).toBe(true);
    expect(readFileSync(path.join(s.home.codexHome, 'auth.json'), 'utf8')).toBe(defaultAuth);

    // The running gateway reads the new home without a restart.
    const seen = await s.client.waitFor(
      (f) =>
        f.event === 'auth.changed' &&
        profilesOf(f).some((p) => p.id === 'openai-codex:codex-cli@work' && p.status === 'ok'),
    );
    expect(profilesOf(seen).find((p) => p.id === 'openai-codex:codex-cli@work')).toMatchObject({
      account: 'work',
      accountLabel: 'Work',
    });

    // Removing drops the entry only: the home and the login in it stay.
    const removed = await s.client.request('accounts.remove', { provider: 'openai-codex', name: 'work' });
    expect((removed.payload as { account: AccountEntryView }).account.home).toBe(accountHome);
    expect(JSON.parse(readFileSync(s.configFile, 'utf8'))).toEqual(CONFIG);
    expect(existsSync(path.join(accountHome, 'auth.json'))).toBe(true);
    const again = await s.client.request('accounts.remove', { provider: 'openai-codex', name: 'work' });
    expect(again.error).toEqual({ code: 'INVALID_REQUEST', message: 'openai-codex has no account "work"' });
  });

  it('refuses a home, a program, a bad name, a provider without accounts and a taken name — one line each, nothing written or run', async () => {
    // Account "a" was added with `clawbar accounts add --home ~/.claude-b`: the default home of a name "b".
    const s = await setup({}, { ...CONFIG, accounts: { anthropic: [{ id: 'a', home: '~/.claude-b' }] } });
    await s.client.request('accounts.add', { provider: 'anthropic', name: 'home', login: false });
    const before = readFileSync(s.configFile, 'utf8');
    const refused = async (params: unknown) => {
      const frame = await s.client.request('accounts.add', params);
      expect(frame.ok).toBe(false);
      expect(frame.error!.code).toBe('INVALID_REQUEST');
      expect(frame.error!.message).not.toContain('\n');
      return frame.error!.message;
    };
    expect(await refused({ provider: 'openai-codex', name: 'x', home: '/etc' })).toContain(
      'accounts.add takes only provider, name, label, login, method',
    );
    expect(await refused({ provider: 'openai-codex', name: 'x', command: '/bin/sh', args: ['-c', 'id'] })).toContain(
      'clawbar accounts add --home',
    );
    expect(await refused({ provider: 'openai-codex', name: '../../etc' })).toContain(
      'must be 1–32 lower-case letters, digits',
    );
    expect(await refused({ provider: 'openai-codex', name: 'Work' })).toContain('must be 1–32 lower-case');
    expect(await refused({ provider: 'openai-codex', name: 'x'.repeat(5000) })).not.toContain('x'.repeat(100));
    expect(await refused({ provider: 'openai', name: 'work' })).toBe(
      'openai has no CLI accounts — use one of: openai-codex, anthropic',
    );
    expect(await refused({ provider: 'anthropic', name: 'home' })).toBe('anthropic already has an account "home"');
    expect(await refused({ provider: 'anthropic', name: 'b' })).toBe(
      'config.json: accounts.anthropic.2.home is also the home of account "a"',
    );
    expect(readFileSync(s.configFile, 'utf8')).toBe(before);
    expect(s.fake.calls()).toEqual([]);
  });
});

describe('agent.cooldowns / agent.log over the gateway', () => {
  it('reads the cooldowns still running (with why) and the newest decisions first, bounded by limit', async () => {
    const now = Date.now();
    const decisions = Array.from({ length: 30 }, (_, i) => ({
      turn: i + 1,
      at: new Date(now - (30 - i) * 60_000).toISOString(),
      model: 'openai-codex/gpt-6.1-sol',
      strategy: 'headroom',
      profileId: 'openai-codex:codex-cli',
      why: '5h 40% left',
      skipped: i === 29 ? [{ profileId: 'openai-codex:codex-cli@work', reason: 'Week 2% left' }] : [],
    }));
    const s = await setup({
      'cooldowns.json': {
        version: 1,
        cooldowns: [
          { profileId: 'openai-codex:codex-cli@work', model: '*', until: now + 3 * HOUR },
          { profileId: 'openai-codex:codex-cli', model: 'openai-codex/gpt-6.1-sol', until: now + 90_000 },
          { profileId: 'openai-codex:codex-cli', model: 'openai-codex/gpt-6.1-mini', until: now - 1000 },
        ],
      },
      'agent-log.json': { version: 1, decisions },
    });
    const cooldowns = (await s.client.request('agent.cooldowns', {})).payload as { cooldowns: CooldownView[] };
    expect(cooldowns.cooldowns).toEqual([
      {
        profileId: 'openai-codex:codex-cli',
        model: 'openai-codex/gpt-6.1-sol',
        until: new Date(now + 90_000).toISOString(),
        reason: 'rate-limit',
      },
      {
        profileId: 'openai-codex:codex-cli@work',
        model: '*',
        until: new Date(now + 3 * HOUR).toISOString(),
        reason: 'quota',
      },
    ]);
    const log = (await s.client.request('agent.log', { limit: 3 })).payload as { decisions: DecisionView[] };
    expect(log.decisions.map((d) => d.turn)).toEqual([30, 29, 28]);
    expect(log.decisions[0]!.skipped).toEqual([{ profileId: 'openai-codex:codex-cli@work', reason: 'Week 2% left' }]);
    const all = (await s.client.request('agent.log', {})).payload as { decisions: DecisionView[] };
    expect(all.decisions).toHaveLength(20);
    const bad = await s.client.request('agent.log', { limit: 1000 });
    expect(bad.error?.code).toBe('INVALID_REQUEST');
  });
});
