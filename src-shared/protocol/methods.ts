// Gateway methods (DESIGN.md §6): the params schema and the result type of each.
import { z } from 'zod';

import { ACCOUNT_ID, ACCOUNT_ID_RULE } from '../account-name.js';

import type { EventName } from './events.js';
import type {
  AccountEntryView,
  AccountProviderView,
  CooldownView,
  DecisionView,
  AgentTurnsView,
  ChannelView,
  DailyUsageView,
  ModelView,
  ProfileView,
  ProviderView,
  SettingsView,
  Snapshot,
  WindowHistoryView,
} from './views.js';

/** The settings `config.set` may change. */
export const CONFIG_SET_KEYS = [
  'warnBefore',
  'notifyExpiring',
  'notifyUsageUsedPercent',
  'usageRefresh',
  'agentModel',
] as const;

/** Bounds of the chart methods (`usage.history`, `usage.daily`, `usage.turns`). */
export const HISTORY_MAX_DAYS = 7;
export const HISTORY_MAX_POINTS = 400;
export const DAILY_MAX_DAYS = 90;
/** The busiest profiles `usage.turns` lists one by one; the rest are summed as `other`. */
export const TURNS_MAX_SERIES = 12;
/** The most routing decisions `agent.log` answers with (the agent keeps 50). */
export const DECISIONS_MAX = 50;

export const methodParams = {
  connect: z.object({
    auth: z.object({ token: z.string() }).optional(),
    client: z.object({ name: z.string(), version: z.string().optional() }).optional(),
  }),
  health: z.object({}).optional(),
  status: z.object({}).optional(),
  'auth.list': z.object({}).optional(),
  'auth.refresh': z.object({ profileId: z.string().optional(), delegate: z.boolean().optional() }).optional(),
  /** `method: "device"`: a link and a one-time code to finish on another device (default `browser`). */
  'auth.login.start': z.object({ profileId: z.string(), method: z.enum(['browser', 'device']).optional() }),
  'auth.login.cancel': z.object({ loginId: z.string() }),
  /** Issue 18's health probe: asks the server now whether it accepts the token (one profile, or every OAuth login). */
  'auth.probe': z.object({ profileId: z.string().min(1).max(200).optional() }).optional(),
  'usage.refresh': z.object({ provider: z.string().optional() }).optional(),
  'models.list': z.object({ all: z.boolean().optional() }).optional(),
  'channels.status': z.object({}).optional(),
  // Issue 19: the charts' data, bounded: at most a week of window history (a sample a minute at
  // most, thinned to HISTORY_MAX_POINTS per window), 90 days of daily tokens and turns, and hourly
  // turns for at most a week.
  'usage.history': z.object({ days: z.number().int().min(1).max(HISTORY_MAX_DAYS).optional() }).optional(),
  'usage.daily': z.object({ days: z.number().int().min(1).max(DAILY_MAX_DAYS).optional() }).optional(),
  'usage.turns': z
    .object({
      days: z.number().int().min(1).max(DAILY_MAX_DAYS).optional(),
      bucket: z.enum(['hour', 'day']).optional(),
    })
    .refine((p) => p.bucket !== 'hour' || (p.days ?? 7) <= HISTORY_MAX_DAYS, {
      message: `hourly turns cover at most ${HISTORY_MAX_DAYS} days`,
    })
    .optional(),
  /** Starts linking a channel anew (WhatsApp's QR pairing); the QR code arrives in `channels.changed`. */
  'channels.link': z.object({ channel: z.string().min(1).max(64) }),
  'chat.send': z.object({ sessionKey: z.string().min(1), message: z.string().min(1) }),
  // Issue 17: accounts from the dashboard. The frame names a provider and a name, never a home or
  // a program: the home is clawbar's default for the name (`~/.codex-<name>`, as the CLI picks
  // without --home) and the login command comes from config.json, so the token alone can neither
  // run a program nor make anything write outside the CLI's usual places.
  'accounts.list': z.object({}).optional(),
  /** Adds the account and (unless `login: false`) starts its login, whose progress is `login.progress`. */
  'accounts.add': z.strictObject(
    {
      provider: z.string().min(1).max(64),
      name: z.string().max(64).regex(ACCOUNT_ID, `the name ${ACCOUNT_ID_RULE}`),
      label: z.string().trim().min(1).max(60).optional(),
      login: z.boolean().optional(),
      method: z.enum(['browser', 'device']).optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `accounts.add takes only provider, name, label, login, method (an account's home is set with clawbar accounts add --home)`
          : undefined,
    },
  ),
  /** Drops the account from config.json; its home (and the login in it) is left as it is. */
  'accounts.remove': z.strictObject({ provider: z.string().min(1).max(64), name: z.string().min(1).max(64) }),
  /** The agent's cooldowns still running (read-only). */
  'agent.cooldowns': z.object({}).optional(),
  /** The agent's last routing decisions, newest first (read-only). */
  'agent.log': z.object({ limit: z.number().int().min(1).max(DECISIONS_MAX).optional() }).optional(),
  'config.get': z.object({}).optional(),
  // An allow-list: any other key is refused. Whoever holds the token must not be able to choose a
  // program clawbar runs, so login commands and their arguments are set in config.json only.
  'config.set': z.strictObject(
    {
      warnBefore: z.string().optional(),
      notifyExpiring: z.array(z.string()).optional(),
      notifyUsageUsedPercent: z.array(z.number()).optional(),
      usageRefresh: z.string().optional(),
      /** `agent.model`: the running agent takes it for its next turn (a model, never a program). */
      agentModel: z
        .string()
        .regex(/^[^/\s]+\/\S+$/, 'must be <provider>/<model>')
        .optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `cannot be changed over the gateway (config.set takes only ${CONFIG_SET_KEYS.join(', ')}; login commands and hooks are set in config.json)`
          : undefined,
    },
  ),
} as const;

export type MethodName = keyof typeof methodParams;
export const METHODS = Object.keys(methodParams) as MethodName[];
export type MethodParams<M extends MethodName> = z.input<(typeof methodParams)[M]>;

export interface ConnectResult {
  protocol: number;
  server: { name: string; version: string; pid: number };
  methods: MethodName[];
  events: EventName[];
  snapshot: Snapshot;
}

export interface MethodResults {
  connect: ConnectResult;
  health: { ok: true; version: string; uptimeMs: number };
  status: Snapshot;
  'auth.list': { profiles: ProfileView[] };
  'auth.refresh': { profiles: ProfileView[] };
  'auth.login.start': { loginId: string };
  'auth.login.cancel': { cancelled: boolean };
  /** The profiles after the checks, each with its `verifiedAt` / `probe`. */
  'auth.probe': { profiles: ProfileView[] };
  'usage.refresh': { providers: ProviderView[] };
  'models.list': { models: ModelView[] };
  'channels.status': { channels: ChannelView[] };
  'usage.history': { since: number; now: number; windows: WindowHistoryView[] };
  'usage.daily': DailyUsageView;
  'usage.turns': AgentTurnsView;
  'channels.link': { channels: ChannelView[] };
  'chat.send': { runId: string };
  'accounts.list': { providers: AccountProviderView[]; accounts: AccountEntryView[] };
  /** `loginId`: the login started for it; null with `login: false` or when no login runner runs. */
  'accounts.add': { account: AccountEntryView; loginId: string | null; loginError?: string };
  'accounts.remove': { account: AccountEntryView };
  'agent.cooldowns': { cooldowns: CooldownView[] };
  'agent.log': { decisions: DecisionView[] };
  'config.get': { settings: SettingsView; path: string };
  'config.set': { settings: SettingsView };
}
