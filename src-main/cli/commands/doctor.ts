// `clawbar doctor`: one line per check, ✓ fine, ! worth a look, ✗ broken (exit 1).
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import path from 'node:path';

import { loadAuthContext, type AuthContext } from '../../core/auth/context.js';
import { resolveExecutable } from '../../core/config/executables.js';
import { ConfigError } from '../../core/config/load.js';
import { ownEntryProblems } from '../../core/config/own-files.js';
import { loginCommandOf } from '../../core/config/schema.js';
import { GatewayVerificationError, probeGateway } from '../../core/gateway/health-probe.js';
import { readGatewayToken } from '../../core/gateway/token.js';
import { cliLogins, PROVIDERS } from '../../core/providers/registry.js';
import { runForOutput } from '../../core/reauth/process-group.js';
import { CliError } from '../errors.js';

import type { ClawbarPaths, Env } from '../../core/config/paths.js';
import type { CliLogin } from '../../core/providers/types.js';
import type { SecretStore } from '../../core/secrets/secret-store.js';

export type CheckLevel = 'ok' | 'warn' | 'fail';
export interface Check {
  name: string;
  level: CheckLevel;
  text: string;
}

const MARK: Record<CheckLevel, string> = { ok: '✓', warn: '!', fail: '✗' };

async function runVersion(file: string, env: Env): Promise<string | null> {
  const output = await runForOutput(file, ['--version'], { env, timeoutMs: 5000 });
  return output === null ? null : (output.trim().split('\n')[0] ?? null);
}

/** A CLI login's executable: found, and answering `--version`. */
async function checkExecutable(login: CliLogin, spec: { command: string }, env: Env): Promise<Check> {
  const name = login.cli;
  const file = resolveExecutable(spec.command, env);
  // The hint names the CLI (`Codex CLI not found — install it with: …`); here the command stands first.
  const how = login.installHint.split(' — ').slice(1).join(' — ') || login.installHint;
  if (!file) return { name, level: 'warn', text: `${spec.command} not found — ${how}` };
  const version = await runVersion(file, env);
  return version
    ? { name, level: 'ok', text: `${version} (${file})` }
    : { name, level: 'warn', text: `${file} does not answer --version` };
}

const KEYCHAIN_PROBE_MS = 5000;

/**
 * Asks the keychain once, through keytar in a child process. In this process a D-Bus that never
 * answers would leave keytar's call blocked in a libuv worker thread, which Node joins on the way
 * out (even `process.exit` waits): doctor printed its lines after 5 s, then hung on for D-Bus's
 * own 25 s or more. A child is simply killed at the deadline.
 */
async function checkKeychain(store: SecretStore, env: Env): Promise<Check> {
  if (store.kind === 'file') return { name: 'keychain', level: 'ok', text: 'file backend (secrets.backend: file)' };
  const { keychainProblem, KEYCHAIN_SERVICE } = await import('../../core/secrets/secret-store.js');
  let keytar: string;
  try {
    keytar = createRequire(import.meta.url).resolve('keytar');
  } catch (error) {
    return { name: 'keychain', level: 'warn', text: keychainProblem(error) };
  }
  const probe = `const say = (o) => process.stdout.write(JSON.stringify(o));
try {
  require(${JSON.stringify(keytar)}).getPassword(${JSON.stringify(KEYCHAIN_SERVICE)}, 'doctor-probe')
    .then(() => say({ ok: true }), (e) => say({ error: String((e && e.message) || e) }));
} catch (e) { say({ error: String((e && e.message) || e) }); }`;
  const output = await runForOutput(process.execPath, ['-e', probe], { env, timeoutMs: KEYCHAIN_PROBE_MS });
  let answer: { ok?: boolean; error?: string } | null = null;
  try {
    answer = output === null ? null : (JSON.parse(output) as { ok?: boolean; error?: string });
  } catch {
    // judged below as no answer
  }
  if (answer?.ok) return { name: 'keychain', level: 'ok', text: 'reachable' };
  if (answer?.error) return { name: 'keychain', level: 'warn', text: keychainProblem(new Error(answer.error)) };
  return {
    name: 'keychain',
    level: 'warn',
    text: `the OS keychain did not answer within ${KEYCHAIN_PROBE_MS / 1000} s; or set "secrets": {"backend": "file"} in config.json`,
  };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function checkGateway(port: number, token: string | null): Promise<Check[]> {
  const check = await probeGateway(port, token);
  if (check.state === 'verified') {
    return [
      { name: 'gateway', level: 'ok', text: `running on 127.0.0.1:${port} (version ${check.version}, verified)` },
    ];
  }
  if (check.state === 'unproven') {
    return [{ name: 'gateway', level: 'fail', text: new GatewayVerificationError(check, `127.0.0.1:${port}`).message }];
  }
  const free = await portIsFree(port);
  return [
    { name: 'gateway', level: 'warn', text: 'not running — start it with: clawbar gateway' },
    free
      ? { name: `port ${port}`, level: 'ok', text: 'free' }
      : { name: `port ${port}`, level: 'fail', text: 'in use by another program — set gateway.port or --port' },
  ];
}

async function modeOf(file: string): Promise<number | null> {
  try {
    return (await fs.stat(file)).mode & 0o777;
  } catch {
    return null;
  }
}

/**
 * How bad a file's mode is, ranked by what it gives away: anything clawbar trusts that others can
 * write (config.json says which programs clawbar runs) or a secret others can read is broken;
 * a file without secrets that others can read is worth a look.
 */
export function modeSeverity(mode: number, holdsSecrets: boolean): CheckLevel {
  if ((mode & 0o022) !== 0) return 'fail';
  if (holdsSecrets && (mode & 0o044) !== 0) return 'fail';
  return (mode & 0o077) !== 0 ? 'warn' : 'ok';
}

/** A mode that is not private: its severity and a few words for the report; null when private or absent. */
function looseMode(label: string, mode: number | null, holdsSecrets: boolean, want: string) {
  if (mode === null) return null;
  const level = modeSeverity(mode, holdsSecrets);
  if (level === 'ok') return null;
  const why =
    (mode & 0o022) !== 0
      ? 'others can change it'
      : level === 'fail'
        ? 'others can read its secrets'
        : 'no secrets in it';
  return { level, text: `${label} is ${mode.toString(8)} (${why}; want ${want})` };
}

/**
 * Every file and directory clawbar owns (own-files.ts) must be private and really a file (or a
 * directory) of its own — a symlink or a FIFO there is someone else's doing; the CLIs' credential
 * files are reported, never changed.
 */
async function checkFileModes(paths: ClawbarPaths): Promise<Check[]> {
  // Named relative to the clawbar home (the home itself in full).
  const name = (file: string) => (file === paths.home ? file : path.relative(paths.home, file));
  const found = (await ownEntryProblems(paths)).map((problem) =>
    problem.mode === undefined
      ? { level: 'fail' as const, text: `${name(problem.path)} ${problem.problem}`, chmod: false }
      : {
          ...looseMode(name(problem.path), problem.mode, problem.secret, problem.kind === 'dir' ? '700' : '600')!,
          chmod: true,
        },
  );
  const homeMode = await modeOf(paths.home);
  const checks: Check[] = [];
  // The leaks first, in a line of their own: they fail the doctor; the rest only asks for a look.
  for (const level of ['fail', 'warn'] as const) {
    const lines = found.filter((f) => f.level === level);
    if (lines.length === 0) continue;
    const fix = lines.every((f) => f.chmod) ? 'fix with chmod' : 'replace them with regular files, then chmod';
    checks.push({ name: 'file modes', level, text: `${lines.map((f) => f.text).join(', ')} — ${fix}` });
  }
  if (checks.length === 0) {
    checks.push({
      name: 'file modes',
      level: 'ok',
      text: homeMode === null ? `${paths.home} not created yet` : 'private (0700 dir, 0600 files)',
    });
  }
  for (const [name, file] of [
    ['codex auth', paths.codexAuth],
    ['claude auth', paths.claudeCredentials],
  ] as const) {
    const found = looseMode(file, await modeOf(file), true, '600');
    if (found) {
      checks.push({ name, level: found.level, text: `${found.text} — its CLI keeps it private; fix with chmod 600` });
    }
  }
  return checks;
}

/**
 * Credentials read through a provider's own chain, named at run time (`bedrock:<aws profile>`):
 * nothing else but `models status` shows them, so the doctor says whether the agent can use them.
 * Dead is `✗` when the agent's model or fallbacks use the provider, `!` otherwise.
 */
async function checkCloudCredentials(context: AuthContext): Promise<Check[]> {
  const [{ createAuthEngine }, { formatDuration }] = await Promise.all([
    import('../../core/auth/engine.js'),
    import('../../../src-shared/format.js'),
  ]);
  const families = new Set(PROVIDERS.filter((p) => p.profileFamily).map((p) => p.id));
  if (families.size === 0) return [];
  const engine = createAuthEngine({ ...context, watch: false, rememberSeen: false });
  await engine.start();
  const profiles = engine.profiles().filter((p) => families.has(p.provider));
  await engine.stop();
  const used = new Set([context.config.agent.model, ...context.config.agent.fallbacks].map((m) => m.split('/')[0]));
  return profiles.map((p) => {
    const when = p.remainingMs === null ? '' : p.remainingMs > 0 ? `, expires in ${formatDuration(p.remainingMs)}` : '';
    const text = `${p.status}${when} (${p.source})${p.detail ? ` — ${p.detail}` : ''}`;
    const dead = p.status === 'expired' || p.status === 'missing';
    return {
      name: p.id,
      level: dead ? (used.has(p.provider) ? 'fail' : 'warn') : p.status === 'expiring' ? 'warn' : 'ok',
      text,
    };
  });
}

/** Runs every check; the config check comes first because the others depend on it. */
export async function runDoctor(env: Env, configFile?: string): Promise<Check[]> {
  let context: AuthContext;
  try {
    context = await loadAuthContext(env, configFile);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [{ name: 'config', level: 'fail', text: error.message }];
  }
  const { paths, config, secrets } = context;
  const file = configFile ?? paths.config;
  const configText = (await modeOf(file)) === null ? 'defaults (no config.json)' : file;
  const { checkChannelCredentials } = await import('../../core/channels/channel-checks.js');
  const [executables, keychain, gateway, modes, channels, cloud] = await Promise.all([
    Promise.all(cliLogins().map((login) => checkExecutable(login, loginCommandOf(config, login.cli), env))),
    checkKeychain(secrets, env),
    readGatewayToken(paths.gatewayToken, env).then(
      (token) => checkGateway(config.gateway.port, token),
      (error: Error) => [{ name: 'gateway', level: 'fail', text: error.message } satisfies Check],
    ),
    checkFileModes(paths),
    checkChannelCredentials({ config: config.channels, env, secrets, whatsappDir: paths.whatsappDir }),
    checkCloudCredentials(context),
  ]);
  return [
    { name: 'config', level: 'ok', text: configText },
    // A profile family's CLI (`aws`) matters only once one of its profiles is in use.
    ...executables.filter((_, i) => cliLogins()[i]!.profileId !== undefined || cloud.length > 0),
    keychain,
    ...gateway,
    ...modes,
    ...channels,
    ...cloud,
  ];
}

export async function doctor(_options: unknown, command: { optsWithGlobals(): { config?: string } }): Promise<void> {
  const checks = await runDoctor(process.env, command.optsWithGlobals().config);
  const width = Math.max(...checks.map((c) => c.name.length));
  for (const check of checks) process.stdout.write(`${MARK[check.level]} ${check.name.padEnd(width)}  ${check.text}\n`);
  const failed = checks.filter((c) => c.level === 'fail').length;
  if (failed > 0) throw new CliError(`${failed} check${failed === 1 ? '' : 's'} failed`);
}
