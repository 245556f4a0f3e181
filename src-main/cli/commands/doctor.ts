// `clawbar doctor`: one line per check, ✓ fine, ! worth a look, ✗ broken (exit 1).
import { promises as fs } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

import { loadAuthContext, type AuthContext } from '../../core/auth/context.js';
import { resolveExecutable } from '../../core/config/executables.js';
import { ConfigError } from '../../core/config/load.js';
import { ownEntryProblems } from '../../core/config/own-files.js';
import { GatewayVerificationError, probeGateway } from '../../core/gateway/health-probe.js';
import { readGatewayToken } from '../../core/gateway/token.js';
import { runForOutput } from '../../core/reauth/process-group.js';
import { CliError } from '../errors.js';

import type { ClawbarPaths, Env } from '../../core/config/paths.js';
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

async function checkExecutable(name: string, spec: { command: string }, installHint: string, env: Env): Promise<Check> {
  const file = resolveExecutable(spec.command, env);
  if (!file) return { name, level: 'warn', text: `${spec.command} not found — install it with: ${installHint}` };
  const version = await runVersion(file, env);
  return version
    ? { name, level: 'ok', text: `${version} (${file})` }
    : { name, level: 'warn', text: `${file} does not answer --version` };
}

async function checkKeychain(store: SecretStore): Promise<Check> {
  try {
    await store.get('doctor-probe');
    return {
      name: 'keychain',
      level: 'ok',
      text: store.kind === 'file' ? 'file backend (secrets.backend: file)' : 'reachable',
    };
  } catch (error) {
    return { name: 'keychain', level: 'warn', text: (error as Error).message };
  }
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
 * Every file and directory clawbar owns must be private and really a file (or directory) of its own;
 * the CLIs' credential files are reported, never changed.
 */
async function checkFileModes(paths: ClawbarPaths): Promise<Check[]> {
  const checks: Check[] = [];
  const problems = await ownEntryProblems(paths);
  // Named relative to the clawbar home (the home itself in full).
  const name = (file: string) => (file === paths.home ? file : path.relative(paths.home, file));
  const homeMode = await modeOf(paths.home);
  const fix = problems.every((p) => p.fixable) ? 'fix with chmod' : 'replace them with regular files, then chmod';
  checks.push(
    problems.length > 0
      ? {
          name: 'file modes',
          level: 'fail',
          text: `${problems.map((p) => `${name(p.path)} ${p.problem}`).join(', ')} — ${fix}`,
        }
      : {
          name: 'file modes',
          level: 'ok',
          text: homeMode === null ? `${paths.home} not created yet` : 'private (0700 dir, 0600 files)',
        },
  );
  for (const [name, file] of [
    ['codex auth', paths.codexAuth],
    ['claude auth', paths.claudeCredentials],
  ] as const) {
    const mode = await modeOf(file);
    if (mode !== null && (mode & 0o077) !== 0) {
      checks.push({
        name,
        level: 'warn',
        text: `${file} is readable by others (${mode.toString(8)}); its CLI should keep it 600`,
      });
    }
  }
  return checks;
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
  const [codex, claude, keychain, gateway, modes] = await Promise.all([
    checkExecutable('codex', config.reauth.codex, 'npm install -g @openai/codex', env),
    checkExecutable('claude', config.reauth.claude, 'npm install -g @anthropic-ai/claude-code', env),
    checkKeychain(secrets),
    readGatewayToken(paths.gatewayToken, env).then(
      (token) => checkGateway(config.gateway.port, token),
      (error: Error) => [{ name: 'gateway', level: 'fail', text: error.message } satisfies Check],
    ),
    checkFileModes(paths),
  ]);
  return [{ name: 'config', level: 'ok', text: configText }, codex, claude, keychain, ...gateway, ...modes];
}

export async function doctor(_options: unknown, command: { optsWithGlobals(): { config?: string } }): Promise<void> {
  const checks = await runDoctor(process.env, command.optsWithGlobals().config);
  const width = Math.max(...checks.map((c) => c.name.length));
  for (const check of checks) process.stdout.write(`${MARK[check.level]} ${check.name.padEnd(width)}  ${check.text}\n`);
  const failed = checks.filter((c) => c.level === 'fail').length;
  if (failed > 0) throw new CliError(`${failed} check${failed === 1 ? '' : 's'} failed`);
}
