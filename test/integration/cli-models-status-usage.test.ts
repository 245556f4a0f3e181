// `clawbar models status` end to end: the built CLI, real auth files in a temp home, and the
// usage endpoints faked on loopback through CLAWBAR_CHATGPT_BASE_URL / CLAWBAR_ANTHROPIC_BASE_URL.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createHistory } from '../../src-main/core/usage/history/history.js';
import { useBuiltCli } from '../fixtures/cli.js';
import { freePort } from '../fixtures/free-port.js';
import { claudeCredentialsJson, codexChatgptAuthJson } from '../fixtures/jwt.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';
import { startUsageServer, type Reply, type UsageServer } from '../fixtures/usage-server.js';

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
  // The file secret store keeps the test off the OS keychain (which has its own tests).
  await writeFile(path.join(home.clawbarHome, 'config.json'), JSON.stringify({ secrets: { backend: 'file' } }));
});
afterEach(async () => {
  await server.close();
  home.cleanup();
});

async function writeCodexLogin(): Promise<void> {
  await mkdir(home.codexHome, { recursive: true });
  const json = codexChatgptAuthJson({
    expiresAt: Date.now() + 9 * DAY,
    email: 'dev@example.com',
    accountId: 'acct-777',
  });
  await writeFile(path.join(home.codexHome, 'auth.json'), json, { mode: 0o600 });
}
async function writeClaudeLogin(): Promise<string> {
  await mkdir(home.claudeDir, { recursive: true });
  const json = claudeCredentialsJson({ expiresAt: Date.now() + 6 * HOUR });
  await writeFile(path.join(home.claudeDir, '.credentials.json'), json, { mode: 0o600 });
  return (JSON.parse(json) as { claudeAiOauth: { accessToken: string } }).claudeAiOauth.accessToken;
}

/** Runs the built CLI against the fake usage server. */
async function clawbar(
  ...args: string[]
): Promise<{ status: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const { code, stdout, stderr } = await cli.run(args, {
    ...home.env,
    CLAWBAR_CHATGPT_BASE_URL: server.chatgptBaseUrl,
    CLAWBAR_ANTHROPIC_BASE_URL: server.anthropicBaseUrl,
  });
  return { status: code, stdout, stderr, ms: Date.now() - started };
}

/** wham/usage with an unused 5-hour window resetting in 4h 59m and a weekly one 47 % used, 2d 15h left. */
function codexReply(): Reply {
  // Margins of tens of seconds keep the printed countdown exact however slowly the CLI starts.
  const now = Date.now();
  return {
    kind: 'json',
    body: {
      plan_type: 'pro',
      rate_limit: {
        allowed: true,
        limit_reached: false,
        primary_window: {
          used_percent: 0,
          limit_window_seconds: 18000,
          reset_after_seconds: 17970,
          reset_at: Math.floor((now + 4 * HOUR + 59 * MIN + 50_000) / 1000),
        },
        secondary_window: {
          used_percent: 47,
          limit_window_seconds: 604800,
          reset_after_seconds: 0,
          reset_at: Math.floor((now + 2 * DAY + 15 * HOUR + 30 * MIN) / 1000),
        },
      },
      credits: { has_credits: false, unlimited: false, balance: '0' },
    },
  };
}

describe('clawbar models status with usage windows', () => {
  it('prints the usage line for Codex exactly, sending the token and account id from auth.json', async () => {
    await writeCodexLogin();
    server.codex = [codexReply()];
    const run = await clawbar('models', 'status');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')).toContain('- openai-codex usage: 5h 100% left ⏱4h 59m · Week 53% left ⏱2d 15h');
    const request = server.requests.find((r) => r.path === '/backend-api/wham/usage');
    expect(request?.headers.authorization).toMatch(/^Bearer eyJ/);
    expect(request?.headers['chatgpt-account-id']).toBe('acct-777');
    // The token is sent, never printed.
    const token = request!.headers.authorization!.slice('Bearer '.length);
    expect(run.stdout).not.toContain(token);
  });

  it('says why usage is unavailable: rejected token (and the profile shows it), rate limit', async () => {
    await writeCodexLogin();
    const claudeToken = await writeClaudeLogin();
    server.codex = [{ kind: 'status', status: 401 }];
    server.claude = [{ kind: 'status', status: 429, headers: { 'retry-after': '30' } }];
    const run = await clawbar('models', 'status');
    const lines = run.stdout.split('\n');
    expect(lines).toContain('- openai-codex usage unavailable (rejected by server (401))');
    expect(lines.find((l) => l.startsWith('  - openai-codex:codex-cli'))).toMatch(
      / expired .*rejected by server \(401\)/,
    );
    expect(lines).toContain('- anthropic usage unavailable (rate limited (429))');
    const claudeRequest = server.requests.find((r) => r.path === '/api/oauth/usage');
    expect(claudeRequest?.headers['anthropic-beta']).toBe('oauth-2025-04-20');
    expect(claudeRequest?.headers.authorization).toBe(`Bearer ${claudeToken}`);
    expect(run.stdout).not.toContain(claudeToken);
  });

  it('reads "usage server unreachable" when nothing answers, whatever the socket error', async () => {
    await writeCodexLogin();
    await writeClaudeLogin();
    const closed = `http://127.0.0.1:${await freePort()}`;
    const { code, stdout } = await cli.run(['models', 'status'], {
      ...home.env,
      // Connection refused for one; the fetch spec's "bad port" (the discard port) for the other.
      CLAWBAR_CHATGPT_BASE_URL: `${closed}/backend-api`,
      CLAWBAR_ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
    });
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines).toContain('- openai-codex usage server unreachable');
    expect(lines).toContain('- anthropic usage server unreachable');
    expect(stdout).not.toMatch(/bad port|fetch failed|ECONNREFUSED|network error/);
  });

  it('waits at most 3.5 s for a hanging server, fetching providers in parallel', async () => {
    await writeCodexLogin();
    await writeClaudeLogin();
    server.codex = [{ kind: 'hang' }];
    server.claude = [{ kind: 'hang' }];
    const run = await clawbar('models', 'status');
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines).toContain('- openai-codex usage unavailable (timed out after 3.5s)');
    expect(lines).toContain('- anthropic usage unavailable (timed out after 3.5s)');
    // Both hung together: one deadline, not two in a row (generous bound for a loaded machine).
    expect(run.ms).toBeLessThan(3500 * 2);
  });

  it('adds a pace note to a window projected to run out before its reset, and records its own reading', async () => {
    await writeCodexLogin();
    const now = Date.now();
    const resetAt = Math.floor((now + 3 * HOUR) / 1000);
    // What a gateway recorded over the last hour: 34 % rising 2.5 points every 5 minutes.
    const historyDb = path.join(home.clawbarHome, 'state', 'history.db');
    const history = createHistory({ path: historyDb, compactDaily: false });
    for (let i = 0; i < 12; i++) {
      const sample = { provider: 'openai-codex', window: '5h', windowSeconds: 18_000, usedPercent: 34 + 2.5 * i };
      history.recordSample({ ...sample, resetAt: resetAt * 1000, at: now - HOUR + i * 5 * MIN });
    }
    history.close();
    const reply = codexReply();
    const body =
      reply.kind === 'json' ? (reply.body as { rate_limit: { primary_window: Record<string, number> } }) : null;
    Object.assign(body!.rate_limit.primary_window, { used_percent: 64, reset_at: resetAt });
    server.codex = [reply, reply];

    const run = await clawbar('models', 'status');
    expect(run.stderr).toBe('');
    const line = run.stdout.split('\n').find((l) => l.startsWith('- openai-codex usage:'));
    // 36 points left at 30 %/h: about 1 h 12 m, well before the reset in 3 h. The weekly window says nothing.
    expect(line).toMatch(
      /^- openai-codex usage: 5h 36% left ⏱2h 59m \(runs out in 1h 1[0-2]m\) · Week 53% left ⏱2d 15h$/,
    );

    const json = JSON.parse((await clawbar('models', 'status', '--json')).stdout) as {
      providers: { provider: string; usage: { windows: Array<{ label: string; pace?: { kind: string } }> } }[];
    };
    const windows = json.providers.find((p) => p.provider === 'openai-codex')!.usage.windows;
    expect(windows.map((w) => [w.label, w.pace?.kind])).toEqual([
      ['5h', 'runs-out'],
      ['Week', undefined],
    ]);
    const after = createHistory({ path: historyDb, compactDaily: false });
    try {
      // Both runs' readings joined the gateway's: 12 + 2 of the 5h window.
      expect(after.samples({ provider: 'openai-codex', window: '5h' }, 0)).toHaveLength(14);
    } finally {
      after.close();
    }
  });

  it('puts the usage object in --json and skips usage with --no-usage', async () => {
    await writeCodexLogin();
    server.codex = [codexReply()];
    const json = await clawbar('models', 'status', '--json');
    const report = JSON.parse(json.stdout) as { providers: { provider: string; usage: unknown }[] };
    const codex = report.providers.find((p) => p.provider === 'openai-codex');
    expect(codex?.usage).toMatchObject({
      windows: [
        { label: '5h', windowSeconds: 18000, usedPercent: 0, leftPercent: 100 },
        { label: 'Week', windowSeconds: 604800, usedPercent: 47, leftPercent: 53 },
      ],
      plan: 'pro',
      credits: { hasCredits: false, unlimited: false, balance: '0' },
      stale: false,
      error: null,
    });

    const before = server.requests.length;
    const quiet = await clawbar('models', 'status', '--no-usage');
    expect(quiet.stdout.split('\n')).toContain('- openai-codex');
    expect(quiet.stdout).not.toContain('usage');
    expect(server.requests.length).toBe(before);
  });
});
