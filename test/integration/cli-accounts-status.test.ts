// Several logins per provider (issue 17) as `clawbar models status` shows them: the built CLI,
// real auth files in one temp home per account, and a usage stand-in that answers per token, so
// each account's line carries its own windows.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { useBuiltCli } from '../fixtures/cli.js';
import { claudeCredentialsJson, codexChatgptAuthJson } from '../fixtures/jwt.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';
import { startUsageServer, type Reply, type UsageServer } from '../fixtures/usage-server.js';

import type { ProfileView, ProviderView } from '../../src-shared/protocol/index.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

const cli = useBuiltCli();

let home: TempHome;
let server: UsageServer;
beforeEach(async () => {
  home = makeTempHome();
  server = await startUsageServer();
  await mkdir(home.clawbarHome, { recursive: true, mode: 0o700 });
});
afterEach(async () => {
  await server.close();
  home.cleanup();
});

async function writeConfig(config: Record<string, unknown>): Promise<void> {
  await writeFile(
    path.join(home.clawbarHome, 'config.json'),
    JSON.stringify({ secrets: { backend: 'file' }, ...config }),
  );
}

/** Writes a Codex login into `dir`; returns its access token (the usage stand-in answers by it). */
async function writeCodex(dir: string, email: string, accountId: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const json = codexChatgptAuthJson({ expiresAt: Date.now() + 9 * DAY, email, accountId });
  await writeFile(path.join(dir, 'auth.json'), json, { mode: 0o600 });
  return (JSON.parse(json) as { tokens: { access_token: string } }).tokens.access_token;
}

async function writeClaude(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const json = claudeCredentialsJson({ expiresAt: Date.now() + 6 * HOUR });
  await writeFile(path.join(dir, '.credentials.json'), json, { mode: 0o600 });
  return (JSON.parse(json) as { claudeAiOauth: { accessToken: string } }).claudeAiOauth.accessToken;
}

/** wham/usage with a 5-hour window `fiveHourUsed` % used (resets in 2h 10m) and a week 29 % used (4d 2h). */
function codexReply(fiveHourUsed: number): Reply {
  const now = Date.now();
  const window = (used: number, seconds: number, resetInMs: number) => ({
    used_percent: used,
    limit_window_seconds: seconds,
    reset_after_seconds: Math.round(resetInMs / 1000),
    // Margins of tens of seconds keep the printed countdown exact however slowly the CLI starts.
    reset_at: Math.floor((now + resetInMs + 40_000) / 1000),
  });
  return {
    kind: 'json',
    body: {
      plan_type: 'pro',
      rate_limit: {
        primary_window: window(fiveHourUsed, 18000, 2 * HOUR + 10 * MIN),
        secondary_window: window(29, 604800, 4 * DAY + 2 * HOUR),
      },
    },
  };
}

async function clawbar(...args: string[]) {
  return cli.run(args, {
    ...home.env,
    CLAWBAR_CHATGPT_BASE_URL: server.chatgptBaseUrl,
    CLAWBAR_ANTHROPIC_BASE_URL: server.anthropicBaseUrl,
  });
}

describe('models status with accounts', () => {
  it('groups by provider then account, each account with its own windows, fetched with its own token and account id', async () => {
    const workHome = path.join(home.root, '.codex-work');
    const personalHome = path.join(home.root, '.claude-personal');
    await writeConfig({
      accounts: {
        'openai-codex': [{ id: 'work', label: 'Work', home: '~/.codex-work' }],
        anthropic: [{ id: 'personal', home: personalHome }],
      },
    });
    const defaultToken = await writeCodex(home.codexHome, 'dev@example.com', 'acct-777');
    const workToken = await writeCodex(workHome, 'work@example.com', 'acct-work');
    const claudeToken = await writeClaude(personalHome);
    server.byToken.set(defaultToken, codexReply(0));
    server.byToken.set(workToken, codexReply(60));
    server.byToken.set(claudeToken, {
      kind: 'json',
      body: {
        five_hour: { utilization: 12, resets_at: new Date(Date.now() + 3 * HOUR + 30_000).toISOString() },
        seven_day: null,
      },
    });

    const run = await clawbar('models', 'status');
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    const at = (prefix: string) => lines.findIndex((l) => l.startsWith(prefix));
    expect(lines).toContain('- openai-codex usage: 5h 100% left ⏱2h 10m · Week 71% left ⏱4d 2h');
    expect(lines).toContain('- openai-codex@work usage: 5h 40% left ⏱2h 10m · Week 71% left ⏱4d 2h');
    expect(lines[at('- openai-codex@work') + 1]).toMatch(
      /^ {2}- openai-codex:codex-cli@work \(work@example\.com\) ok expires in 8d 23h \(codex-cli\)$/,
    );
    // The default home's profile sits under the provider's own line, before the account.
    expect(at('  - openai-codex:codex-cli (dev@example.com)')).toBeLessThan(at('- openai-codex@work'));
    expect(lines).toContain('- anthropic@personal usage: 5h 88% left ⏱3h 0m');
    expect(lines[at('- anthropic@personal') + 1]).toMatch(
      /^ {2}- anthropic:claude-cli@personal ok expires in 5h 59m \(claude-cli\)$/,
    );

    const work = server.requests.find((r) => r.headers.authorization === `Bearer ${workToken}`);
    expect(work?.headers['chatgpt-account-id']).toBe('acct-work');
    expect(run.stdout).not.toContain(workToken);
  });

  it('puts accounts in --json: the account on each profile, each account with its usage under its provider', async () => {
    await writeConfig({ accounts: { 'openai-codex': [{ id: 'work', label: 'Work', home: '~/.codex-work' }] } });
    await writeCodex(home.codexHome, 'dev@example.com', 'acct-777');
    const workToken = await writeCodex(path.join(home.root, '.codex-work'), 'work@example.com', 'acct-work');
    server.byToken.set(workToken, codexReply(60));
    server.codex = [codexReply(0)];
    const run = await clawbar('models', 'status', '--json');
    const report = JSON.parse(run.stdout) as { profiles: ProfileView[]; providers: ProviderView[] };
    const profile = report.profiles.find((p) => p.id === 'openai-codex:codex-cli@work');
    expect(profile).toMatchObject({ account: 'work', accountLabel: 'Work', status: 'ok', accountId: 'acct-work' });
    expect(report.profiles.find((p) => p.id === 'openai-codex:codex-cli')?.account).toBeUndefined();
    const codex = report.providers.find((p) => p.provider === 'openai-codex');
    expect(codex?.accounts).toHaveLength(1);
    expect(codex?.accounts?.[0]).toMatchObject({ id: 'work', label: 'Work', status: 'ok' });
    expect(codex?.accounts?.[0]?.usage?.windows.map((w) => [w.label, w.leftPercent])).toEqual([
      ['5h', 40],
      ['Week', 71],
    ]);
    expect(codex?.usage?.windows[0]?.leftPercent).toBe(100);
    // No provider row is made of an account's usage key.
    expect(report.providers.map((p) => p.provider)).not.toContain('openai-codex@work');
  });

  it('shows a configured account that is not logged in as missing, with what is absent', async () => {
    await writeConfig({ accounts: { 'openai-codex': [{ id: 'spare', home: '~/.codex-spare' }] } });
    const run = await clawbar('models', 'status', '--no-usage');
    const lines = run.stdout.split('\n');
    expect(lines).toContain('- openai-codex@spare');
    expect(lines).toContain(
      '  - openai-codex:codex-cli@spare missing (codex-cli) — not logged in to Codex (auth.json is absent)',
    );
  });

  it('notes two accounts that are the same login', async () => {
    await writeConfig({ accounts: { 'openai-codex': [{ id: 'again', home: '~/.codex-again' }] } });
    await writeCodex(home.codexHome, 'dev@example.com', 'acct-777');
    await writeCodex(path.join(home.root, '.codex-again'), 'dev@example.com', 'acct-777');
    const run = await clawbar('models', 'status', '--no-usage');
    expect(run.stdout.split('\n')).toContain('- openai-codex@again (same login as default)');
  });

  it('refuses a broken accounts entry with one line naming the key', async () => {
    for (const [accounts, message] of [
      [
        { bedrock: [{ id: 'x', home: '/tmp/x' }] },
        'accounts.bedrock is not a provider with CLI accounts (openai-codex, anthropic)',
      ],
      [{ 'openai-codex': [{ id: 'Work!', home: '/tmp/x' }] }, 'accounts.openai-codex.0.id must be 1–32 lower-case'],
      [
        { 'openai-codex': [{ id: 'w', home: 'relative/dir' }] },
        'accounts.openai-codex.0.home must be an absolute path or start with ~/',
      ],
      [
        {
          'openai-codex': [
            { id: 'w', home: '/tmp/a' },
            { id: 'w', home: '/tmp/b' },
          ],
        },
        'accounts.openai-codex.1.id "w" is used twice',
      ],
      [
        {
          'openai-codex': [
            { id: 'a', home: '/tmp/a' },
            { id: 'b', home: '/tmp/a/' },
          ],
        },
        'accounts.openai-codex.1.home is also the home of account "a"',
      ],
    ] as const) {
      await writeConfig({ accounts });
      const run = await clawbar('models', 'status', '--no-usage');
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
