// The shape of config.json (DESIGN.md §2) and the resolved Config the code reads.
import { z } from 'zod';

import { parseDuration } from '../../../src-shared/format.js';
import { cliLogins, providerSettings } from '../providers/registry.js';

/**
 * The range each duration may take, as the README documents it. Outside it a value is a mistake
 * that would hurt: a usage period past Node's 24.8-day timer limit polled 200 times a second, a
 * zero login timeout failed every login at once.
 */
export const DURATION_RANGES = {
  'auth.warnBefore': ['1m', '30d'],
  'usage.refresh': ['60s', '24h'],
  'notifications.expiring': ['1m', '30d'],
  'reauth.timeout': ['30s', '2h'],
  'reauth.refreshBefore': ['5m', '7d'],
} as const satisfies Record<string, readonly [string, string]>;

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
    })
    .optional(),
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
        })
        .optional(),
      slack: z
        .strictObject({
          enabled: z.boolean().optional(),
          allowFrom: z.array(z.string()).optional(),
          channels: z.array(z.string()).optional(),
        })
        .optional(),
      whatsapp: z
        .strictObject({
          enabled: z.boolean().optional(),
          allowFrom: z.array(z.string()).optional(),
        })
        .optional(),
    })
    .optional(),
  secrets: z.strictObject({ backend: z.enum(['keychain', 'file']).optional() }).optional(),
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

/** Config with every default applied and durations in milliseconds: what the code reads. */
export interface Config {
  gateway: { port: number; bind: 'loopback' | 'lan' | 'all' };
  agent: { model: string; fallbacks: string[]; historyTurns: number };
  auth: { warnBeforeMs: number; order: Record<string, string[]> };
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
  channels: {
    discord: { enabled: boolean; allowFrom: string[]; guildChannels: string[] };
    /** `allowFrom`: Slack user ids (`U…`) answered in DMs; `channels`: channel ids where mentions are answered. */
    slack: { enabled: boolean; allowFrom: string[]; channels: string[] };
    /** `allowFrom`: phone numbers, digits only after normalising (`+1 555…` → `1555…`). */
    whatsapp: { enabled: boolean; allowFrom: string[] };
  };
  secrets: { backend: 'keychain' | 'file' };
}
