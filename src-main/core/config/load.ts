import os from 'node:os';
import path from 'node:path';

import { parseDuration } from '../../../src-shared/format.js';
import { SETTING_DEFAULTS } from '../../../src-shared/setting-limits.js';
import { accountProviders, cliLogins, DEFAULT_MODEL, providerSettings } from '../providers/registry.js';

import { writeJsonAtomic } from './atomic-file.js';
import { OwnFileError, readOwnFile } from './own-files.js';
import { DEFAULT_GATEWAY_PORT, type Env } from './paths.js';
import { configSchema, type Account, type Config, type ConfigFile, type LoginCommand } from './schema.js';

import type { CliLogin } from '../providers/types.js';
import type { z } from 'zod';

/** A config problem a user can fix, phrased as one line that names the file and the key. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const ms = (text: string | undefined, fallback: string): number => parseDuration(text ?? fallback)!;

/** A CLI login's command: its env override, then config.json, then the default its provider declares. */
function loginCommand(login: CliLogin, file: ConfigFile, env: Env): LoginCommand {
  const entry = file.reauth?.[login.cli];
  const spec = typeof entry === 'object' ? entry : undefined;
  return {
    command: env[login.commandEnv] || spec?.command || login.command,
    args: spec?.args ?? [...login.args],
    timeoutMs: ms(spec?.timeout, '10m'),
  };
}

/**
 * Config `accounts` as one list, homes absolute (`~/` is the user's home). A provider without CLI
 * accounts, an id used twice or two accounts sharing a home is a ConfigError naming the key.
 */
function resolveAccounts(file: ConfigFile, env: Env): Account[] {
  const known = accountProviders();
  const accounts: Account[] = [];
  for (const [provider, list] of Object.entries(file.accounts ?? {})) {
    if (!known.includes(provider)) {
      throw new ConfigError(
        `config.json: accounts.${provider} is not a provider with CLI accounts (${known.join(', ')})`,
      );
    }
    list.forEach((entry, index) => {
      const where = `accounts.${provider}.${index}`;
      let home = entry.home;
      if (home === '~' || home.startsWith('~/')) home = path.join(env.HOME || os.homedir(), home.slice(1));
      if (!path.isAbsolute(home))
        throw new ConfigError(`config.json: ${where}.home must be an absolute path or start with ~/`);
      home = path.resolve(home);
      if (accounts.some((a) => a.provider === provider && a.id === entry.id))
        throw new ConfigError(`config.json: ${where}.id "${entry.id}" is used twice for ${provider}`);
      const twin = accounts.find((a) => a.provider === provider && a.home === home);
      if (twin) throw new ConfigError(`config.json: ${where}.home is also the home of account "${twin.id}"`);
      accounts.push({ provider, id: entry.id, label: entry.label ?? entry.id, home });
    });
  }
  return accounts;
}

/** Applies defaults (DESIGN.md §2) and environment overrides to a validated config file. */
export function resolveConfig(file: ConfigFile, env: Env = process.env): Config {
  const envPort = env.CLAWBAR_GATEWAY_PORT ? Number(env.CLAWBAR_GATEWAY_PORT) : undefined;
  if (envPort !== undefined && !(Number.isInteger(envPort) && envPort > 0 && envPort < 65536)) {
    throw new ConfigError(`CLAWBAR_GATEWAY_PORT must be a port number, got "${env.CLAWBAR_GATEWAY_PORT}"`);
  }
  const accounts = resolveAccounts(file, env);
  return {
    gateway: {
      port: envPort ?? file.gateway?.port ?? DEFAULT_GATEWAY_PORT,
      bind: file.gateway?.bind ?? 'loopback',
    },
    agent: {
      model: file.agent?.model ?? DEFAULT_MODEL,
      fallbacks: file.agent?.fallbacks ?? [],
      historyTurns: file.agent?.historyTurns ?? 20,
    },
    auth: {
      warnBeforeMs: ms(file.auth?.warnBefore, SETTING_DEFAULTS.warnBefore),
      order: file.auth?.order ?? {},
      // Routing by usage left matters once there is a second login of a kind (issue 17).
      strategy: file.auth?.strategy ?? (accounts.length > 0 ? 'headroom' : 'order'),
      probeMs: file.auth?.probe === 'off' ? null : ms(file.auth?.probe, '30m'),
    },
    accounts,
    usage: {
      refreshMs: ms(file.usage?.refresh, SETTING_DEFAULTS.usageRefresh),
      history: {
        enabled: file.usage?.history?.enabled ?? true,
        retentionDays: file.usage?.history?.retentionDays ?? 90,
      },
      prices: file.usage?.prices ?? {},
    },
    notifications: {
      expiringMs: (file.notifications?.expiring ?? SETTING_DEFAULTS.notifyExpiring).map((d) => parseDuration(d)!),
      usageUsedPercent: file.notifications?.usageUsedPercent ?? [...SETTING_DEFAULTS.notifyUsageUsedPercent],
    },
    reauth: {
      logins: Object.fromEntries(cliLogins().map((login) => [login.cli, loginCommand(login, file, env)])),
      refreshBeforeMs: ms(file.reauth?.refreshBefore, '2h'),
    },
    providers: Object.fromEntries(providerSettings().map(({ id }) => [id, file.providers?.[id] ?? {}])),
    channels: {
      discord: {
        enabled: file.channels?.discord?.enabled ?? false,
        allowFrom: file.channels?.discord?.allowFrom ?? [],
        guildChannels: file.channels?.discord?.guildChannels ?? [],
        owner: file.channels?.discord?.owner ?? null,
      },
      slack: {
        enabled: file.channels?.slack?.enabled ?? false,
        allowFrom: file.channels?.slack?.allowFrom ?? [],
        channels: file.channels?.slack?.channels ?? [],
        owner: file.channels?.slack?.owner ?? null,
      },
      whatsapp: {
        enabled: file.channels?.whatsapp?.enabled ?? false,
        // People write numbers as `+1 (555) 010-0000`; WhatsApp ids carry digits only.
        allowFrom: (file.channels?.whatsapp?.allowFrom ?? []).map((n) => n.replace(/\D/g, '')).filter(Boolean),
        owner: file.channels?.whatsapp?.owner?.replace(/\D/g, '') ?? null,
      },
    },
    secrets: { backend: file.secrets?.backend ?? 'keychain' },
    hooks: Object.fromEntries(
      Object.entries(file.hooks ?? {}).map(([event, specs]) => [
        event,
        (specs ?? []).map((spec) => ({
          command: spec.command,
          args: spec.args ?? [],
          timeoutMs: ms(spec.timeout, '10s'),
        })),
      ]),
    ),
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  switch (issue.code) {
    case 'unrecognized_keys':
      return `${[...issue.path, issue.keys[0]].join('.')} is not a known setting`;
    case 'invalid_type':
      return `${where} must be ${issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`;
    default:
      return `${where} ${issue.message}`;
  }
}

/** Validates parsed JSON as a config file; throws a one-line ConfigError naming the first bad key. */
export function parseConfigFile(raw: unknown, label = 'config.json'): ConfigFile {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data as ConfigFile;
  throw new ConfigError(`${label}: ${describeIssue(result.error.issues[0]!)}`);
}

/**
 * Reads the raw config file: `{}` when absent; a ConfigError for a file that is not a regular file
 * (a FIFO, a symlink, a device), too large, unreadable or not valid JSON.
 */
export async function readConfigFile(file: string): Promise<ConfigFile> {
  const label = path.basename(file);
  let text: string | null;
  try {
    text = await readOwnFile(file);
  } catch (error) {
    if (error instanceof OwnFileError) throw new ConfigError(error.message);
    throw error;
  }
  if (text === null) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConfigError(`${label}: not valid JSON — fix or delete ${file}`);
  }
  return parseConfigFile(raw, label);
}

/** Loads config.json (or `--config`) and resolves it with defaults and environment overrides. */
export async function loadConfig(file: string, env: Env = process.env): Promise<Config> {
  return resolveConfig(await readConfigFile(file), env);
}

/** Validates and atomically writes a whole config file (the dashboard's settings use this). */
export async function writeConfigFile(file: string, next: ConfigFile): Promise<void> {
  await writeJsonAtomic(file, parseConfigFile(next, path.basename(file)));
}
