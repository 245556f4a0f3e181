// Shared by the reauth tests: a config pointing at fake executables, an `auth.reload()` that reads
// the real files the fakes wrote, and a check that a process group is really gone.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { decodeJwtPayload } from '../../auth/jwt.js';
import { resolveConfig } from '../../config/load.js';
import { getLogSinks, setLogSinks, type LogRecord } from '../../log/logger.js';
import { groupAlive } from '../process-group.js';

import type { ProfileView } from '../../../../src-shared/protocol/index.js';
import type { Config, LoginCommand } from '../../config/schema.js';

/** A resolved config whose codex/claude (and aws) commands are the given executables. */
export function reauthConfig(codex: string, claude: string, extra: Partial<LoginCommand> = {}, aws?: string): Config {
  const config = resolveConfig({}, {});
  const { logins } = config.reauth;
  logins.codex = { ...logins.codex!, command: codex, ...extra };
  logins.claude = { ...logins.claude!, command: claude, ...extra };
  if (aws) logins.aws = { ...logins.aws!, command: aws, ...extra };
  return config;
}

function jwtExp(token: string): number | null {
  const exp = decodeJwtPayload(token)?.exp;
  return typeof exp === 'number' ? exp * 1000 : null;
}

/**
 * What `AuthEngine.reload()` answers for the Codex file, computed from the real auth.json on disk
 * (the auth engine proper is tested in core/auth; here only its answer after a login matters).
 */
export function codexProfileFromDisk(codexHome: string, now = Date.now()): ProfileView[] {
  let expiresAt: number | null = null;
  try {
    const auth = JSON.parse(readFileSync(path.join(codexHome, 'auth.json'), 'utf8')) as {
      tokens?: { access_token?: string };
    };
    expiresAt = auth.tokens?.access_token ? jwtExp(auth.tokens.access_token) : null;
  } catch {
    // absent or unreadable: missing
  }
  return [
    {
      id: 'openai-codex:codex-cli',
      provider: 'openai-codex',
      type: 'oauth',
      source: 'codex-cli',
      status: expiresAt === null ? 'missing' : expiresAt > now ? 'ok' : 'expired',
      expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
      remainingMs: expiresAt === null ? null : expiresAt - now,
      refreshable: expiresAt !== null,
      relogin: true,
      detail: null,
    },
  ];
}

/** Captures log lines for the duration of a test; call the returned function to restore. */
export function captureLogs(): { records: LogRecord[]; lines: string[]; restore(): void } {
  const records: LogRecord[] = [];
  const lines: string[] = [];
  const previous = getLogSinks();
  setLogSinks([
    (record, line) => {
      records.push(record);
      lines.push(line);
    },
  ]);
  return { records, lines, restore: () => setLogSinks(previous) };
}

/** True when no living process is left in the group (zombies count as gone). */
export function groupGone(pgid: number): boolean {
  return !groupAlive(pgid);
}

/** True when the process is gone or a zombie. */
export function processGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state === 'Z' || state === 'X';
  } catch {
    return true;
  }
}

/** Polls `check` every 25 ms until it is true or `ms` pass. */
export async function waitFor(check: () => boolean, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return true;
}
