// The shape of config.json (DESIGN.md §2) and the resolved Config the code reads.
import path from 'node:path';

import { z } from 'zod';

import { parseDuration } from '../../../src-shared/format.js';
import { ACCOUNT_ID } from '../auth/account-id.js';

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
  'hooks.timeout': ['1s', '10m'],
} as const satisfies Record<string, readonly [string, string]>;

/**
 * The events a hook can run on (config `hooks`; core/notify/hooks.ts documents each one's JSON).
 * `usage.pace` is the usage-pace warning of issue 19.
 */
export const HOOK_EVENTS = [
  'profile.expiring',
  'profile.expired',
  'profile.restored',
  'usage.low',
  'usage.reset',
  'usage.pace',
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
  id: z.string().regex(ACCOUNT_ID, 'must be 1–32 lower-case letters, digits, "-" or "_" (e.g. "work")'),
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
  reauth: z
    .strictObject({
      codex: commandSpec.optional(),
      claude: commandSpec.optional(),
      refreshBefore: duration('reauth.refreshBefore').optional(),
    })
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

export type ConfigFile = z.infer<typeof configSchema>;

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
    codex: { command: string; args: string[]; timeoutMs: number };
    claude: { command: string; args: string[]; timeoutMs: number };
    refreshBeforeMs: number;
  };
  channels: {
    discord: { enabled: boolean; allowFrom: string[]; guildChannels: string[] };
    /** `allowFrom`: Slack user ids (`U…`) answered in DMs; `channels`: channel ids where mentions are answered. */
    slack: { enabled: boolean; allowFrom: string[]; channels: string[] };
    /** `allowFrom`: phone numbers, digits only after normalising (`+1 555…` → `1555…`). */
    whatsapp: { enabled: boolean; allowFrom: string[] };
  };
  secrets: { backend: 'keychain' | 'file' };
  /** Programs to run on events; config.json only, never over the WebSocket (config.set refuses it). */
  hooks: Partial<Record<HookEvent, HookSpec[]>>;
}
