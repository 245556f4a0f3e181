// `clawbar models status`, `auth add-key` and `secrets set` as a user runs them: the built CLI
// (a private build of this checkout) in a child process with a temp HOME.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createKeychainStore } from '../../src-main/core/secrets/secret-store.js';
import { useBuiltCli } from '../fixtures/cli.js';
import { claudeCredentialsJson, codexChatgptAuthJson, makeJwt } from '../fixtures/jwt.js';
import { makeTempHome, type TempHome } from '../fixtures/temp-home.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const built = useBuiltCli();
const codexBin = path.join(root, 'node_modules', '.bin', 'codex');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  command: string,
  args: string[],
  env: Record<string, string>,
  options: { input?: string } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env,
      cwd: env.HOME,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

let home: TempHome;
/** Runs the CLI; `models status` always with `--no-usage` (usage windows have their own tests, and no network here). */
const clawbar = (args: string[], options: { input?: string; env?: Record<string, string> } = {}) =>
  run(process.execPath, [built.cli, ...withoutNetwork(args)], { ...home.env, ...options.env }, options);
const withoutNetwork = (args: string[]) =>
  args[0] === 'models' && args[1] === 'status' && !args.includes('--no-usage') ? [...args, '--no-usage'] : args;

beforeEach(() => {
  home = makeTempHome();
});
afterEach(() => home.cleanup());

async function writeCodex(body: string) {
  await mkdir(home.codexHome, { recursive: true });
  await writeFile(path.join(home.codexHome, 'auth.json'), body);
}
async function writeClaude(expiresAt: number) {
  await mkdir(home.claudeDir, { recursive: true });
  await writeFile(path.join(home.claudeDir, '.credentials.json'), claudeCredentialsJson({ expiresAt }));
}
const tokenText = /eyJ|sk-ant-o[ar]t01|rt_|sk-test|sk-env|testrefresh|testaccess/;

describe('clawbar models status', () => {
  it('prints the report of DESIGN §7 with the true expiry of each login', async () => {
    const auth = codexChatgptAuthJson({ expiresAt: Date.now() + 10 * DAY + 30 * MIN, email: 'dev@example.com' });
    await writeCodex(auth);
    // Within a quarter of Claude's 8-hour lifetime: expiring (a fresher one is ok).
    await writeClaude(Date.now() + HOUR + 30 * MIN + 30_000);
    const result = await clawbar(['models', 'status', '--no-usage'], {
      env: { OPENAI_API_KEY: 'sk-env-abcdefghijklmnop' },
    });
    expect(result).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'OAuth/token status',
        '- openai-codex',
        '  - openai-codex:codex-cli (dev@example.com) ok expires in 10d 0h (codex-cli)',
        '- anthropic',
        '  - anthropic:claude-cli expiring expires in 1h 30m (claude-cli)',
        '',
        'API keys',
        '- openai',
        '  - openai:env static',
        '',
      ].join('\n'),
    });
  });

  it('prints one JSON object with profiles and providers, and no token anywhere', async () => {
    await writeCodex(codexChatgptAuthJson({ expiresAt: Date.now() + 2 * HOUR, accountId: 'acct-7', plan: 'plus' }));
    const result = await clawbar(['models', 'status', '--json', '--check'], {
      env: { ANTHROPIC_API_KEY: 'sk-ant-api03-abcdefghijklmnop' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toMatch(tokenText);
    expect(result.stdout).not.toContain('sk-ant-api03');
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['generatedAt', 'warnBeforeMs', 'profiles', 'providers']);
    expect(report.warnBeforeMs).toBe(DAY);
    expect(report.profiles).toEqual([
      {
        id: 'openai-codex:codex-cli',
        provider: 'openai-codex',
        type: 'oauth',
        source: 'codex-cli',
        status: 'expiring',
        expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        remainingMs: expect.any(Number),
        email: 'dev@example.com',
        accountId: 'acct-7',
        plan: 'plus',
        refreshable: true,
        relogin: true,
        // `clawbar relogin codex --device` works for it (issue 18).
        deviceLogin: true,
        detail: null,
        summary: null,
        fix: null,
      },
      {
        id: 'anthropic:env',
        provider: 'anthropic',
        type: 'api_key',
        source: 'env',
        status: 'static',
        expiresAt: null,
        remainingMs: null,
        refreshable: false,
        relogin: false,
        detail: null,
        summary: null,
        fix: null,
      },
    ]);
    expect(report.providers).toEqual([
      expect.objectContaining({ provider: 'openai-codex', shortName: 'Codex', status: 'expiring', usage: null }),
      expect.objectContaining({ provider: 'anthropic', shortName: 'Claude', status: 'static', usage: null }),
    ]);
    expect((report.providers as { headline: unknown }[]).map((p) => p.headline)).toEqual([
      { profileId: 'openai-codex:codex-cli', expiresAt: expect.stringMatching(/^\d{4}-/), problems: [] },
      { profileId: 'anthropic:env', expiresAt: null, problems: [] },
    ]);
  });

  it('names the one fix under each problem: → run: clawbar relogin codex, → run: codex login', async () => {
    // Past its expiry but refreshable: Codex renews it on next use, nothing to run.
    await writeCodex(codexChatgptAuthJson({ expiresAt: Date.now() - 2 * HOUR }));
    expect((await clawbar(['models', 'status'])).stdout).not.toContain('→ run:');
    // Without a refresh token it is dead: the fix is a new login.
    const auth = JSON.parse(codexChatgptAuthJson({ expiresAt: Date.now() - 2 * HOUR })) as {
      tokens: Record<string, unknown>;
    };
    delete auth.tokens.refresh_token;
    await writeCodex(JSON.stringify(auth));
    const expired = await clawbar(['models', 'status']);
    expect(expired.stdout.split('\n').slice(0, 4)).toEqual([
      'OAuth/token status',
      '- openai-codex',
      '  - openai-codex:codex-cli (dev@example.com) expired 2h 0m ago (codex-cli)',
      '    → run: clawbar relogin codex',
    ]);
    const json = JSON.parse((await clawbar(['models', 'status', '--json'])).stdout) as {
      profiles: { id: string; summary: string | null; fix: unknown }[];
    };
    expect(json.profiles.find((p) => p.id === 'openai-codex:codex-cli')).toMatchObject({
      summary: 'The login expired.',
      fix: { kind: 'login', label: 'Re-login', command: 'clawbar relogin codex' },
    });

    // A login that never existed is a first login: the CLI's own command, "Log in".
    await writeCodex('');
    const never = await clawbar(['models', 'status']);
    expect(never.stdout).toMatch(/openai-codex:codex-cli missing[^\n]*\n\s{4}→ run: codex login\n/);
  });

  it('--check: a healthy 8-hour Claude login is ok, and one Claude Code renews on next use is no failure', async () => {
    await writeCodex(codexChatgptAuthJson({ expiresAt: Date.now() + 5 * DAY }));
    // Fresh from Claude Code: 7 h left of 8 is ok (the threshold is a quarter of its lifetime, not 24 h).
    await writeClaude(Date.now() + 7 * HOUR);
    expect((await clawbar(['models', 'status', '--check'])).code).toBe(0);
    await writeClaude(Date.now() - 2 * HOUR);
    const renewed = await clawbar(['models', 'status', '--check']);
    expect(renewed.code).toBe(2);
    expect(renewed.stdout).toMatch(
      /^ {2}- anthropic:claude-cli expired 2h 0m ago \(claude-cli\) — Claude Code refreshes it on next use$/m,
    );
  });

  it('shows the AWS profiles Bedrock runs on: keys from the environment, an SSO session with its expiry', async () => {
    await mkdir(home.clawbarHome, { recursive: true });
    await writeFile(
      path.join(home.clawbarHome, 'config.json'),
      JSON.stringify({
        agent: { model: 'bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0' },
        auth: { order: { bedrock: ['bedrock:default', 'bedrock:corp'] } },
      }),
    );
    const aws = path.join(home.root, '.aws');
    await mkdir(path.join(aws, 'sso', 'cache'), { recursive: true });
    await writeFile(
      path.join(aws, 'config'),
      '[profile corp]\nsso_session = corp\nregion = eu-west-1\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n',
    );
    const sessionExpiry = new Date(Date.now() + 5 * HOUR + 30 * MIN + 30_000).toISOString();
    await writeFile(
      path.join(aws, 'sso', 'cache', `${createHash('sha1').update('corp').digest('hex')}.json`),
      JSON.stringify({ accessToken: 'aws-sso-testaccess', expiresAt: sessionExpiry }),
    );
    const env = { AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE', AWS_SECRET_ACCESS_KEY: 'aws-secret-testaccess' };
    const text = await clawbar(['models', 'status', '--no-usage'], { env });
    expect(text.stderr).toBe('');
    expect(text.stdout).toContain(['- bedrock', '  - bedrock:corp expiring expires in 5h 30m (aws-sso)'].join('\n'));
    expect(text.stdout).toMatch(/\n- bedrock\n {2}- bedrock:default static\n/);
    const json = await clawbar(['models', 'status', '--json'], { env });
    expect(json.stdout).not.toMatch(/testaccess|AKIDEXAMPLE/);
    const profiles = (JSON.parse(json.stdout) as { profiles: Array<Record<string, unknown>> }).profiles;
    expect(profiles.filter((p) => p.provider === 'bedrock').map((p) => [p.id, p.source, p.status, p.relogin])).toEqual([
      ['bedrock:default', 'env', 'static', true],
      ['bedrock:corp', 'aws-sso', 'expiring', true],
    ]);
  });

  it('exits per --check: 0 all ok, 2 something expiring, 1 expired or missing wins', async () => {
    await writeCodex(codexChatgptAuthJson({ expiresAt: Date.now() + 5 * DAY }));
    expect((await clawbar(['models', 'status', '--check'])).code).toBe(0);
    await writeClaude(Date.now() + HOUR);
    expect((await clawbar(['models', 'status', '--check'])).code).toBe(2);
    // Expired with no refresh token left: nothing renews it, a login is needed.
    const dead = JSON.parse(codexChatgptAuthJson({ expiresAt: Date.now() - HOUR }));
    delete dead.tokens.refresh_token;
    await writeCodex(JSON.stringify(dead));
    const expired = await clawbar(['models', 'status', '--check']);
    expect(expired.code).toBe(1);
    // The line says it once: no "— token expired" after "expired 1h 0m ago".
    expect(expired.stdout).toMatch(
      /^ {2}- openai-codex:codex-cli \(dev@example\.com\) expired 1h 0m ago \(codex-cli\)$/m,
    );
    expect((await clawbar(['models', 'status'])).code).toBe(0);
  });

  const bad: [string, () => Promise<void>, RegExp][] = [
    ['an empty file', () => writeCodex(''), /^auth\.json is empty$/],
    [
      'truncated JSON',
      () => writeCodex(codexChatgptAuthJson({ expiresAt: Date.now() + DAY }).slice(0, 200)),
      /^auth\.json is not valid JSON$/,
    ],
    ['an array', () => writeCodex('[{"tokens":{}}]'), /^auth\.json is not a JSON object$/],
    ['tokens missing', () => writeCodex('{"auth_mode":"chatgpt","OPENAI_API_KEY":null}'), /has no tokens/],
    [
      'exp missing',
      () => writeCodex(JSON.stringify({ tokens: { access_token: makeJwt({ sub: 'u' }) } })),
      /has no exp claim/,
    ],
    [
      'exp a string',
      () => writeCodex(JSON.stringify({ tokens: { access_token: makeJwt({ exp: 'soon' }) } })),
      /token expiry is not a plausible time/,
    ],
    [
      'an exp of 1e20',
      () => writeCodex(JSON.stringify({ tokens: { access_token: makeJwt({ exp: 1e20 }) } })),
      /token expiry is not a plausible time/,
    ],
    [
      'an exp in milliseconds',
      () => writeCodex(JSON.stringify({ tokens: { access_token: makeJwt({ exp: Date.now() + DAY }) } })),
      /token expiry is not a plausible time/,
    ],
    ['a 10 MB file', () => writeCodex(`{"x":"${'y'.repeat(10 * 1024 * 1024)}"}`), /too large to be a credential file/],
    [
      'a directory in place of the file',
      async () => {
        await mkdir(path.join(home.codexHome, 'auth.json'), { recursive: true });
      },
      /^auth\.json is a directory, not a file$/,
    ],
    [
      'a symlink to nowhere',
      async () => {
        await mkdir(home.codexHome, { recursive: true });
        await symlink(path.join(home.root, 'nowhere.json'), path.join(home.codexHome, 'auth.json'));
      },
      /^auth\.json is a symlink to nowhere$/,
    ],
  ];
  for (const [what, make, detail] of bad) {
    it(`reports ${what} as missing in one line, exit 1 with --check, no stack, no token`, async () => {
      await make();
      const json = await clawbar(['models', 'status', '--json', '--check']);
      expect(json.code).toBe(1);
      expect(json.stderr).toBe('');
      expect(json.stdout).not.toMatch(tokenText);
      const profile = (JSON.parse(json.stdout) as { profiles: { id: string; status: string; detail: string }[] })
        .profiles[0]!;
      expect(profile).toMatchObject({ id: 'openai-codex:codex-cli', status: 'missing' });
      expect(profile.detail).toMatch(detail);
      const text = await clawbar(['models', 'status', '--check']);
      expect(text.code).toBe(1);
      expect(text.stdout.split('\n').filter((l) => l.includes('missing'))).toHaveLength(1);
      expect(text.stdout + text.stderr).not.toMatch(/\bat .*\.js:\d+|Error:/);
    });
  }

  it('reports a permission-denied auth.json as missing', async () => {
    await writeCodex(codexChatgptAuthJson({ expiresAt: Date.now() + DAY * 3 }));
    await chmod(path.join(home.codexHome, 'auth.json'), 0o000);
    // Root reads any file whatever its mode. As root, run the CLI without the two capabilities
    // that allow it (setpriv, util-linux), so mode 000 refuses it as it would refuse a user.
    const asRoot = process.getuid?.() === 0;
    const command = asRoot ? '/usr/bin/setpriv' : process.execPath;
    const prefix = asRoot ? ['--bounding-set=-dac_override,-dac_read_search', '--', process.execPath] : [];
    if (asRoot && !existsSync(command))
      throw new Error('running the tests as root needs setpriv (apt-get install util-linux)');
    const result = await run(
      command,
      [...prefix, built.cli, 'models', 'status', '--json', '--check', '--no-usage'],
      home.env,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).profiles[0]).toMatchObject({
      status: 'missing',
      detail: 'auth.json cannot be read (permission denied)',
    });
  });

  it('follows the real Codex CLI: login --with-api-key shows static, logout shows missing', async () => {
    await mkdir(home.codexHome, { recursive: true });
    const key = `sk-test-${randomBytes(12).toString('hex')}`;
    const login = await run(codexBin, ['login', '--with-api-key'], home.env, { input: key });
    expect(login.code, login.stderr).toBe(0);
    const after = await clawbar(['models', 'status', '--check']);
    expect(after.stdout).toContain('  - openai:codex-cli static (codex-cli)');
    expect(after.stdout).not.toContain(key);

    const logout = await run(codexBin, ['logout'], home.env);
    expect(logout.code, logout.stderr).toBe(0);
    const gone = await clawbar(['models', 'status', '--json', '--check']);
    expect(gone.code).toBe(1);
    expect(JSON.parse(gone.stdout).profiles).toContainEqual(
      expect.objectContaining({
        id: 'openai:codex-cli',
        status: 'missing',
        detail: 'not logged in to Codex (auth.json is absent)',
      }),
    );
  });

  it('answers `clawbar status` and a bare `clawbar models` with models status, not an error', async () => {
    await writeCodex(codexChatgptAuthJson({ expiresAt: Date.now() + 3 * HOUR, email: 'dev@example.com' }));
    const status = await clawbar(['models', 'status', '--check']);
    expect(status.code).toBe(2);
    for (const args of [['status'], ['models']]) {
      const run = await clawbar([...args, '--no-usage', '--check']);
      expect(run).toEqual(status);
    }
    // Its options work through the alias too.
    const json = await clawbar(['status', '--json', '--no-usage']);
    expect(JSON.parse(json.stdout).profiles[0]).toMatchObject({ id: 'openai-codex:codex-cli', status: 'expiring' });
  });

  it('says what is wrong with config.json in one line', async () => {
    await mkdir(home.clawbarHome, { recursive: true });
    await writeFile(path.join(home.clawbarHome, 'config.json'), '{"auth":{"warnBefore":"soon"}}');
    const result = await clawbar(['models', 'status']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^clawbar: config\.json: auth\.warnBefore must be a duration[^\n]*\n$/);
  });
});

describe('secrets from stdin into the keychain', () => {
  const keychain = createKeychainStore();
  afterEach(async () => {
    for (const account of ['openai:default', 'anthropic:default', 'anthropic:setup-token', 'discord-token'])
      await keychain.delete(account);
  });

  it('adds an API key that models status then shows as static, without ever printing it', async () => {
    const key = `sk-proj-${randomBytes(16).toString('hex')}`;
    const added = await clawbar(['auth', 'add-key', 'openai'], { input: `${key}\n` });
    expect(added).toEqual({ code: 0, stdout: 'saved openai:default to the keychain\n', stderr: '' });
    expect(await keychain.get('openai:default')).toBe(key);
    expect(await readFile(path.join(home.clawbarHome, 'auth-profiles.json'), 'utf8')).not.toContain(key);
    const status = await clawbar(['models', 'status', '--json']);
    expect(status.stdout).not.toContain(key);
    expect(JSON.parse(status.stdout).profiles).toContainEqual(
      expect.objectContaining({ id: 'openai:default', status: 'static', source: 'keychain', type: 'api_key' }),
    );
  });

  it('adds the long-lived token of `claude setup-token`, tracked for a year and never refreshed, never printed', async () => {
    const token = `sk-ant-oat01-${randomBytes(24).toString('base64url')}`;
    const added = await clawbar(['auth', 'add-token', 'anthropic'], { input: `${token}\n` });
    expect(added).toEqual({
      code: 0,
      stdout: 'saved anthropic:setup-token to the keychain, expires in 365d 0h\n',
      stderr: '',
    });
    expect(JSON.parse((await keychain.get('anthropic:setup-token'))!)).toEqual({ accessToken: token });
    const status = await clawbar(['models', 'status', '--json', '--check']);
    expect(status.stdout + status.stderr).not.toContain(token);
    const profile = JSON.parse(status.stdout).profiles.find((p: { id: string }) => p.id === 'anthropic:setup-token');
    expect(profile).toMatchObject({ type: 'oauth', source: 'keychain', status: 'ok', refreshable: false });
    expect(profile.remainingMs).toBeGreaterThan(364 * DAY);
  });

  it('refuses what is not a setup-token, and providers that take none, in one line', async () => {
    const key = await clawbar(['auth', 'add-token', 'anthropic'], { input: 'sk-ant-api03-abcdefghijklmnop\n' });
    expect(key).toEqual({
      code: 1,
      stdout: '',
      stderr: 'clawbar: that is not a token from `claude setup-token` (it starts sk-ant-oat01-…)\n',
    });
    expect(await keychain.get('anthropic:setup-token')).toBeNull();
    const other = await clawbar(['auth', 'add-token', 'openai'], { input: 'x' });
    expect(other.stderr).toBe('clawbar: "openai" takes no long-lived token: use anthropic\n');
  });

  it('stores the Discord bot token', async () => {
    const result = await clawbar(['secrets', 'set', 'discord-token'], { input: 'discord-token-value-123' });
    expect(result).toEqual({ code: 0, stdout: 'saved discord-token to the keychain\n', stderr: '' });
    expect(await keychain.get('discord-token')).toBe('discord-token-value-123');
  });

  it('refuses empty input and unknown providers in one line', async () => {
    const empty = await clawbar(['auth', 'add-key', 'anthropic'], { input: '\n' });
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/^clawbar: no anthropic API key on stdin[^\n]*\n$/);
    const unknown = await clawbar(['auth', 'add-key', 'mistral'], { input: 'k' });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('clawbar: unknown provider "mistral": use one of anthropic, openai\n');
  });

  it('keeps a key typed in place of the provider out of the CLAWBAR_DEBUG error dump', async () => {
    const key = 'sk-proj-debugdump-abcdefghijklmnop';
    const result = await clawbar(['auth', 'add-key', key], { env: { CLAWBAR_DEBUG: '1' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/CliError: unknown provider "\[redacted\]"/);
    expect(result.stderr).toMatch(/^clawbar: unknown provider "\[redacted\]": use one of anthropic, openai$/m);
    expect(result.stderr).not.toContain(key);
  });

  it('names why no keychain is reachable, while read-only commands keep working', async () => {
    const noKeychain = { DBUS_SESSION_BUS_ADDRESS: '', DISPLAY: '' };
    const add = await clawbar(['auth', 'add-key', 'openai'], { env: noKeychain, input: 'sk-nokeychain-123456' });
    expect(add.code).toBe(1);
    expect(add.stderr.trim().split('\n')).toHaveLength(1);
    expect(add.stderr).toMatch(/^clawbar: no D-Bus session \(DBUS_SESSION_BUS_ADDRESS is not set\) — /);
    expect(add.stderr).toMatch(/or set "secrets": \{"backend": "file"\} in config\.json\n$/);
    expect(add.stderr).not.toContain('sk-nokeychain');
    const status = await clawbar(['models', 'status', '--no-usage'], { env: noKeychain });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^OAuth\/token status$/m);
  });
});

describe('secrets with secrets.backend "file"', () => {
  it('reports a key saved to the secrets file as coming from the file, not the keychain', async () => {
    await mkdir(home.clawbarHome, { recursive: true, mode: 0o700 });
    await writeFile(path.join(home.clawbarHome, 'config.json'), JSON.stringify({ secrets: { backend: 'file' } }));
    const key = `sk-proj-${randomBytes(16).toString('hex')}`;
    // No keychain at all: the file backend must not need one.
    const noKeychain = { DBUS_SESSION_BUS_ADDRESS: '', DISPLAY: '' };
    const added = await clawbar(['auth', 'add-key', 'openai'], { input: `${key}\n`, env: noKeychain });
    expect(added).toEqual({ code: 0, stdout: 'saved openai:default to the secrets file\n', stderr: '' });
    const status = await clawbar(['models', 'status', '--json'], { env: noKeychain });
    expect(status.stdout).not.toContain(key);
    expect(JSON.parse(status.stdout).profiles).toContainEqual(
      expect.objectContaining({ id: 'openai:default', status: 'static', source: 'file', type: 'api_key' }),
    );
    // Gone from the file (deleted by hand): missing, and the reason names the file.
    await writeFile(path.join(home.clawbarHome, 'secrets.json'), '{}');
    const gone = await clawbar(['models', 'status', '--json'], { env: noKeychain });
    expect(JSON.parse(gone.stdout).profiles).toContainEqual(
      expect.objectContaining({
        id: 'openai:default',
        status: 'missing',
        source: 'file',
        detail: 'its secret is no longer in the secrets file',
      }),
    );
  });
});
