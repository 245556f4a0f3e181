// `clawbar models status --probe` end to end (issue 18's health probe): the built CLI, real auth
// files in a temp home, the usage endpoints and the OpenAI token endpoint as loopback stand-ins.
// Each OAuth login is asked once whether the server still accepts its token — the usage fetch
// counts as that question — and nothing is ever refreshed or written.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createOwnStore } from '../../src-main/core/auth/own-store.js';
import { resolvePaths } from '../../src-main/core/config/paths.js';
import { createSecretStore } from '../../src-main/core/secrets/secret-store.js';
import { useBuiltCli } from '../fixtures/cli.js';
import { claudeCredentialsJson, codexChatgptAuthJson } from '../fixtures/jwt.js';
import { startFakeOAuthServer, type FakeOAuthServer } from '../fixtures/oauth-server.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';
import { claudeBody, codexBody, startUsageServer, type UsageServer } from '../fixtures/usage-server.js';

import type { ProfileView } from '../../src-shared/protocol/index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const cli = useBuiltCli();

let home: TempHome;
let server: UsageServer;
let oauth: FakeOAuthServer;
beforeEach(async () => {
  home = makeTempHome();
  server = await startUsageServer();
  oauth = await startFakeOAuthServer();
  await mkdir(home.clawbarHome, { recursive: true, mode: 0o700 });
  await writeFile(path.join(home.clawbarHome, 'config.json'), JSON.stringify({ secrets: { backend: 'file' } }));
});
afterEach(async () => {
  await server.close();
  await oauth.close();
  home.cleanup();
});

const authJsonPath = () => path.join(home.codexHome, 'auth.json');

async function writeCodexLogin(): Promise<string> {
  await mkdir(home.codexHome, { recursive: true });
  const json = codexChatgptAuthJson({ expiresAt: Date.now() + 9 * DAY, email: 'dev@example.com' });
  await writeFile(authJsonPath(), json, { mode: 0o600 });
  return (JSON.parse(json) as { tokens: { access_token: string } }).tokens.access_token;
}

async function writeClaudeLogin(): Promise<string> {
  await mkdir(home.claudeDir, { recursive: true });
  const json = claudeCredentialsJson({ expiresAt: Date.now() + 6 * HOUR });
  await writeFile(path.join(home.claudeDir, '.credentials.json'), json, { mode: 0o600 });
  return (JSON.parse(json) as { claudeAiOauth: { accessToken: string } }).claudeAiOauth.accessToken;
}

/** clawbar's own login, which the Codex usage fetch prefers: the CLI's login then needs a probe of its own. */
async function writeOwnLogin(): Promise<string> {
  const tokens = oauth.issue();
  await createOwnStore({
    file: resolvePaths(home.env).authProfiles,
    secrets: createSecretStore('file', home.clawbarHome),
  }).saveOAuth({
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    expiresAt: Date.now() + 9 * DAY,
  });
  return tokens.access_token;
}

const clawbar = (...args: string[]) =>
  cli.run(args, {
    ...home.env,
    CLAWBAR_CHATGPT_BASE_URL: server.chatgptBaseUrl,
    CLAWBAR_ANTHROPIC_BASE_URL: server.anthropicBaseUrl,
    CLAWBAR_OPENAI_AUTH_URL: oauth.url,
  });

const requestsWith = (token: string) =>
  server.requests.filter((request) => request.headers.authorization === `Bearer ${token}`).length;
const lineOf = (stdout: string, id: string) => stdout.split('\n').find((line) => line.startsWith(`  - ${id}`));

describe('clawbar models status --probe', () => {
  it('says which logins the server accepts and which it rejected, and exits 1 for a rejection', async () => {
    const codexToken = await writeCodexLogin();
    const claudeToken = await writeClaudeLogin();
    server.codex = [{ kind: 'json', body: codexBody() }];
    server.byToken.set(claudeToken, { kind: 'status', status: 401 });
    const authJson = await readFile(authJsonPath(), 'utf8');

    const run = await clawbar('models', 'status', '--probe');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(lineOf(run.stdout, 'openai-codex:codex-cli')).toMatch(
      /^ {2}- openai-codex:codex-cli \(dev@example\.com\) ok expires in 8d 23h \(codex-cli\) · verified just now$/,
    );
    expect(lineOf(run.stdout, 'anthropic:claude-cli')).toBe(
      '  - anthropic:claude-cli expired (claude-cli) · rejected by the server just now',
    );
    expect(run.stdout).toContain('    → run: clawbar relogin claude');
    // The usage fetch was the check: one request per login, no token ever printed, none refreshed.
    expect([requestsWith(codexToken), requestsWith(claudeToken)]).toEqual([1, 1]);
    expect(run.stdout).not.toContain(claudeToken);
    expect(oauth.tokenRequests).toHaveLength(0);
    expect(await readFile(authJsonPath(), 'utf8')).toBe(authJson);
  });

  it('--json carries verifiedAt and the probe on each profile it checked', async () => {
    await writeCodexLogin();
    server.codex = [{ kind: 'json', body: codexBody() }];
    const before = Date.now();
    const run = await clawbar('models', 'status', '--probe', '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { profiles: ProfileView[] };
    const profile = report.profiles.find((p) => p.id === 'openai-codex:codex-cli')!;
    expect(profile.probe).toMatchObject({ result: 'verified' });
    expect(Date.parse(profile.verifiedAt!)).toBeGreaterThanOrEqual(before - 1000);
    expect(profile.probe!.at).toBe(profile.verifiedAt);
    // Without --probe nothing is claimed about the server.
    const plain = JSON.parse((await clawbar('models', 'status', '--json')).stdout) as { profiles: ProfileView[] };
    expect(plain.profiles.find((p) => p.id === 'openai-codex:codex-cli')).not.toHaveProperty('verifiedAt');
  });

  it('probes the login no usage fetch read, once, without calling the token endpoint', async () => {
    const cliToken = await writeCodexLogin();
    const ownToken = await writeOwnLogin();
    server.codex = [{ kind: 'json', body: codexBody() }];
    server.byToken.set(cliToken, { kind: 'status', status: 403 });
    const run = await clawbar('models', 'status', '--probe');
    expect(run.code).toBe(1);
    expect(lineOf(run.stdout, 'openai-codex:default')).toMatch(/ ok expires in .* · verified just now$/);
    expect(lineOf(run.stdout, 'openai-codex:codex-cli')).toMatch(
      / expired \(codex-cli\) · rejected by the server just now$/,
    );
    expect([requestsWith(ownToken), requestsWith(cliToken)]).toEqual([1, 1]);
    expect(oauth.tokenRequests).toHaveLength(0);
  });

  it('with --no-usage, probes each login itself; a server it cannot reach leaves the login ok and exit 0', async () => {
    const token = await writeCodexLogin();
    server.codex = [{ kind: 'json', body: codexBody() }];
    const run = await clawbar('models', 'status', '--probe', '--no-usage');
    expect(run.code).toBe(0);
    expect(lineOf(run.stdout, 'openai-codex:codex-cli')).toMatch(/ ok .* · verified just now$/);
    expect(requestsWith(token)).toBe(1);

    const unreachable = await cli.run(['models', 'status', '--probe', '--check'], home.env);
    expect(unreachable.code).toBe(0);
    expect(lineOf(unreachable.stdout, 'openai-codex:codex-cli')).toMatch(
      / ok .* · unverified just now \(usage server unreachable\)$/,
    );
  });

  it('checks the Claude login through its usage endpoint and asks nothing about an API key', async () => {
    await writeClaudeLogin();
    server.claude = [{ kind: 'json', body: claudeBody() }];
    const run = await cli.run(['models', 'status', '--probe'], {
      ...home.env,
      CLAWBAR_ANTHROPIC_BASE_URL: server.anthropicBaseUrl,
      OPENAI_API_KEY: 'sk-proj-probe-test-key',
    });
    expect(run.code).toBe(0);
    expect(lineOf(run.stdout, 'anthropic:claude-cli')).toMatch(/ · verified just now$/);
    expect(lineOf(run.stdout, 'openai:env')).toMatch(/^ {2}- openai:env static$/);
    expect(server.requests.map((r) => r.path)).toEqual(['/api/oauth/usage']);
  });
});
