// The shape of config.json (DESIGN.md §2) and the resolved Config the code reads.
import path from 'node:path';

import { z } from 'zod';

import { ACCOUNT_ID, ACCOUNT_ID_RULE } from '../../../src-shared/account-name.js';
import { parseDuration } from '../../../src-shared/format.js';
import { DURATION_RANGES } from '../../../src-shared/setting-limits.js';
import { cliLogins, providerSettings } from '../providers/registry.js';

/**
 * The events a hook can run on (config `hooks`; core/notify/hooks.ts documents each one's JSON).
 * `usage.pace` is the usage-pace warning of issue 19; `account.switched` (routing moved the agent to
 * another account because one ran out) and `usage.exhausted` (every login of the agent's provider is
 * used up) are issue 17's.
 */
export const HOOK_EVENTS = [
  'profile.expiring',
  'profile.expired',
  'profile.restored',
  'usage.low',
  'usage.reset',
  'usage.pace',
  'usage.exhausted',
  'account.switched',
  'login.failed',
  'channel.down',
] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

/** A duration string (`"24h"`, `"90m"`, `"300s"`) within one of {@link DURATION_RANGES}. */
function duration(range: keyof typeof DURATION_RANGES) {
  const [min, max] = DURATION_RANGES[range];
  const [minMs, maxMs] = [parseDuration(min)!, parseDuration(max)!];
  return z.string().superRefine((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === null) ctx.addIssue({ code: 'custom', message: 'must be a duration like "24h", "90m" or "300s"' });
    else if (ms < minMs || ms > maxMs)
      ctx.addIssue({ code: 'custom', message: `must be between ${min} and ${max} (got "${text}")` });
  });
}

const percent = z.number().min(0).max(100);

/** USD per million tokens. */
const price = z.number().min(0).max(10_000);
const modelPrice = z.strictObject({
  input: price,
  cachedInput: price.optional(),
  output: price,
  cacheWrite: price.optional(),
});

const commandSpec = z.strictObject({
  command: z.string().min(1).optional(),
  args: z.array(z.string()).optional(),
  timeout: duration('reauth.timeout').optional(),
});

/** One further login of a provider's CLI, in a home of its own (issue 17). */
const accountSchema = z.strictObject({
  id: z.string().regex(ACCOUNT_ID, ACCOUNT_ID_RULE),
  label: z.string().min(1).max(60).optional(),
  /** The CLI's home for this login (`CODEX_HOME`, `CLAUDE_CONFIG_DIR`); `~/` is the user's home. */
  home: z.string().min(1).max(4096),
});

/** The shape of config.json (DESIGN.md §2). Every key is optional; unknown keys are errors. */
export const configSchema = z.strictObject({
  gateway: z
    .strictObject({
      port: z.number().int().min(1).max(65535).optional(),
      bind: z.enum(['loopback', 'lan', 'all']).optional(),
    })
    .optional(),
  agent: z
    .strictObject({
      model: z.string().min(1).optional(),
      fallbacks: z.array(z.string().min(1)).optional(),
      historyTurns: z.number().int().min(0).max(200).optional(),
    })
    .optional(),
  auth: z
    .strictObject({
      warnBefore: duration('auth.warnBefore').optional(),
      order: z.record(z.string(), z.array(z.string())).optional(),
      /** How the agent picks among a provider's usable profiles: as listed, or by usage left. */
      strategy: z.enum(['order', 'headroom']).optional(),
      /** How often each OAuth login's token is checked with its server (issue 18's health probe), or `"off"`. */
      probe: z.union([z.literal('off'), duration('auth.probe')]).optional(),
    })
    .optional(),
  /** Further CLI logins per provider (`{"openai-codex": [{"id": "work", "home": "~/.codex-work"}]}`). */
  accounts: z.record(z.string(), z.array(accountSchema).max(50)).optional(),
  usage: z
    .strictObject({
      refresh: duration('usage.refresh').optional(),
      history: z
        .strictObject({
          enabled: z.boolean().optional(),
          retentionDays: z.number().int().min(1).max(3650).optional(),
        })
        .optional(),
      prices: z.record(z.string().min(1).max(200), modelPrice).optional(),
    })
    .optional(),
  notifications: z
    .strictObject({
      expiring: z.array(duration('notifications.expiring')).optional(),
      usageUsedPercent: z.array(percent).optional(),
    })
    .optional(),
  // One key per CLI login the providers declare (`codex`, `claude`, `aws`).
  reauth: z
    .strictObject({
      ...Object.fromEntries(cliLogins().map((login) => [login.cli, commandSpec.optional()] as const)),
      refreshBefore: duration('reauth.refreshBefore').optional(),
    })
    .optional(),
  // The settings providers declare for themselves (`providers.bedrock.region`).
  providers: z
    .strictObject(Object.fromEntries(providerSettings().map(({ id, schema }) => [id, schema.optional()] as const)))
    .optional(),
  channels: z
    .strictObject({
      discord: z
        .strictObject({
          enabled: z.boolean().optional(),
          allowFrom: z.array(z.string()).optional(),
          guildChannels: z.array(z.string()).optional(),
          owner: z
            .string()
            .regex(/^\d{17,20}$/, 'must be a Discord user id (17–20 digits)')
            .optional(),
        })
        .optional(),
      slack: z
        .strictObject({
          enabled: z.boolean().optional(),
          allowFrom: z.array(z.string()).optional(),
          channels: z.array(z.string()).optional(),
          owner: z
            .string()
            .regex(/^[UW][A-Z0-9]{2,20}$/, 'must be a Slack user id (U… or W…)')
            .optional(),
        })
        .optional(),
      whatsapp: z
        .strictObject({
          enabled: z.boolean().optional(),
          allowFrom: z.array(z.string()).optional(),
          owner: z
            .string()
            .refine(
              (n) => /^[\d\s()+.-]+$/.test(n) && /^\d{6,15}$/.test(n.replace(/\D/g, '')),
              'must be a phone number with its country code (e.g. "+1 555 010 0000")',
            )
            .optional(),
        })
        .optional(),
    })
    .optional(),
  secrets: z.strictObject({ backend: z.enum(['keychain', 'file']).optional() }).optional(),
  hooks: z
    .partialRecord(
      z.enum(HOOK_EVENTS),
      z
        .array(
          z.strictObject({
            // An absolute path: a hook never depends on whatever PATH the gateway was started with.
            command: z
              .string()
              .min(1)
              .max(4096)
              .refine((command) => path.isAbsolute(command), 'must be an absolute path to a program'),
            args: z.array(z.string().max(4096)).max(64).optional(),
            timeout: duration('hooks.timeout').optional(),
          }),
        )
        .max(16),
    )
    .optional(),
});

/** The command, arguments and timeout of one CLI login (`reauth.<cli>`). */
export type CommandSpec = z.infer<typeof commandSpec>;

/**
 * What config.json may hold. `reauth` and `providers` are built from the provider descriptors,
 * so their keys are typed as records here; the schema still refuses a key no provider declares.
 */
export type ConfigFile = Omit<z.infer<typeof configSchema>, 'reauth' | 'providers'> & {
  reauth?: { [cli: string]: CommandSpec | string | undefined; refreshBefore?: string };
  providers?: Record<string, Record<string, unknown> | undefined>;
};

/** A CLI login as it runs: config.json's `reauth.<cli>` over the provider's defaults. */
export interface LoginCommand {
  command: string;
  args: string[];
  timeoutMs: number;
}

/** The command a CLI login runs with (`config.reauth.logins[cli]`); every declared login has one. */
export function loginCommandOf(config: Pick<Config, 'reauth'>, cli: string): LoginCommand {
  const login = config.reauth.logins[cli];
  if (!login) throw new Error(`no provider declares the ${cli} login`);
  return login;
}

/** One hook: a program run without a shell, the event as JSON on stdin (core/notify/hooks.ts). */
export interface HookSpec {
  command: string;
  args: string[];
  timeoutMs: number;
}

/** One further login of a provider's CLI (config `accounts`), resolved. */
export interface Account {
  provider: string;
  /** The suffix of its profile ids: `openai-codex:codex-cli@<id>`. */
  id: string;
  /** How menus name it; the id when the config gives none. */
  label: string;
  /** The CLI's home for this login, absolute. */
  home: string;
}

/** Config with every default applied and durations in milliseconds: what the code reads. */
export interface Config {
  gateway: { port: number; bind: 'loopback' | 'lan' | 'all' };
  agent: { model: string; fallbacks: string[]; historyTurns: number };
  auth: {
    warnBeforeMs: number;
    order: Record<string, string[]>;
    /** `headroom` unless set: it acts only where a provider has several usable profiles. */
    strategy: 'order' | 'headroom';
    /** The health probe's period (`auth.probe`, default 30 min); null when `"off"`. */
    probeMs: number | null;
  };
  /** Further CLI logins, every provider's in one list, homes absolute. */
  accounts: Account[];
  usage: {
    refreshMs: number;
    /** The usage history database ($CLAWBAR_HOME/state/history.db): on/off and how many days it keeps. */
    history: { enabled: boolean; retentionDays: number };
    /** Per-model prices (USD per million tokens) over the built-in table. */
    prices: Record<
      string,
      { input: number; cachedInput?: number | undefined; output: number; cacheWrite?: number | undefined }
    >;
  };
  notifications: { expiringMs: number[]; usageUsedPercent: number[] };
  reauth: {
    /** Each CLI login's command, arguments and timeout (`logins.codex`); every login a provider declares has one. */
    logins: Record<string, LoginCommand>;
    refreshBeforeMs: number;
  };
  /** Each provider's own settings as validated (`providers.bedrock.region`); `{}` when none are set. */
  providers: Record<string, Readonly<Record<string, unknown>>>;
  /**
   * `owner` (issue 18): the one person on that channel told when a login the agent depends on dies,
   * and the only one whose `relogin` starts a device-code login; null when not set.
   */
  channels: {
    discord: { enabled: boolean; allowFrom: string[]; guildChannels: string[]; owner: string | null };
    /** `allowFrom`: Slack user ids (`U…`) answered in DMs; `channels`: channel ids where mentions are answered. */
    slack: { enabled: boolean; allowFrom: string[]; channels: string[]; owner: string | null };
    /** `allowFrom` and `owner`: phone numbers, digits only after normalising (`+1 555…` → `1555…`). */
    whatsapp: { enabled: boolean; allowFrom: string[]; owner: string | null };
  };
  secrets: { backend: 'keychain' | 'file' };
  /** Programs to run on events; config.json only, never over the WebSocket (config.set refuses it). */
  hooks: Partial<Record<HookEvent, HookSpec[]>>;
}
