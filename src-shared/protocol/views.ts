// Domain views: what crosses the gateway wire (DESIGN.md §3, §4, §6). None of them ever holds a token.
export const PROFILE_STATUSES = ['ok', 'expiring', 'expired', 'missing', 'static'] as const;
export type ProfileStatus = (typeof PROFILE_STATUSES)[number];
export type ProfileType = 'oauth' | 'token' | 'api_key';

/** One auth profile as `models status --json` and the gateway show it (DESIGN.md §7). */
export interface ProfileView {
  id: string;
  provider: string;
  type: ProfileType;
  /** Where the credential lives: `codex-cli`, `claude-cli`, `env`, `clawbar`, `keychain`. */
  source: string;
  status: ProfileStatus;
  expiresAt: string | null;
  remainingMs: number | null;
  email?: string;
  accountId?: string;
  plan?: string;
  refreshable: boolean;
  // Issue 17 (accounts). Absent for the default home's profiles and from older gateways.
  /** The account (config `accounts`) whose CLI home holds it: the `work` of `openai-codex:codex-cli@work`. */
  account?: string;
  /** That account's label, for menus (its id when the config gives none). */
  accountLabel?: string;
  /** clawbar can renew it on request (`auth.login.start`): the Re-login button shows. */
  relogin: boolean;
  /** Why it is unhealthy, as the source or the server said it (raw: for logs, `--json` and a disclosure). */
  detail: string | null;
  // -- the glance (issue 14); optional, as older gateways do not send them --
  /** The problem in one short human sentence (`The server rejected this login.`); null when fine. */
  summary?: string | null;
  /** The one thing that fixes the problem, derived from the provider's descriptor; null when fine. */
  fix?: ProfileFix | null;
  // -- the health probe (issue 18); optional: absent before the current token's first check, for
  //    profiles no server can be asked about (API keys, channels) and from older gateways --
  /** When the server last accepted the current token (ISO): a usage fetch or a probe that succeeded. */
  verifiedAt?: string;
  /** The last check of the current token, whatever it found. */
  probe?: ProbeView;
  /** `auth.probe` can ask the server about it now (a live OAuth token with a usage endpoint, an API key with a model list). */
  canProbe?: boolean;
  // -- device-code re-login (issue 18); optional, as older gateways do not send it --
  /** Its login can also be finished on another device (`auth.login.start {method: "device"}`); absent: browser only. */
  deviceLogin?: boolean;
}

/**
 * One check of a profile's token against its provider (the usage endpoint; an API key: the model
 * list): `verified` the server accepted it · `rejected` it answered 401/403 (401 only for an API
 * key; the profile turns `expired`, revoked) · `unverified` the server could not be asked (network
 * error, timeout, 5xx, a key not allowed to list models): nothing is known, nothing changes.
 */
export interface ProbeView {
  result: 'verified' | 'rejected' | 'unverified';
  /** When the check was made (ISO). */
  at: string;
  /** Why it is not `verified`, one line (`rejected by server (401)`, `usage server unreachable`). */
  detail?: string;
}

/**
 * What fixes a profile's problem: a button in the UI, a `→ run:` hint in the CLI. Derived from the
 * provider descriptors in the core, so no client keeps provider knowledge.
 */
export interface ProfileFix {
  /**
   * `login`: the UI runs `auth.login.start {profileId}` · `link`: the UI runs `channels.link {channel}` ·
   * `command`: only a terminal can (a key or token is typed in), the UI shows the command to copy.
   */
  kind: 'login' | 'link' | 'command';
  /** The button's words: `Log in` (it never existed), `Re-login`, `Add key`, `Replace token`, `Re-link WhatsApp`. */
  label: string;
  /** What to run in a terminal (`clawbar relogin codex`): the CLI's `→ run:` hint. */
  command: string;
  /** For `link`: the channel `channels.link` takes. */
  channel?: string;
}

export interface UsageWindow {
  /** `5h`, `Day`, `Week`, `<n>h`, `<n>d`: named by length, never by slot. */
  label: string;
  windowSeconds: number;
  usedPercent: number;
  leftPercent: number;
  resetAt: string | null;
  /**
   * Issue 19: where the window is heading at its recent burn rate, computed in the core from the
   * usage history (core/usage/pace.ts). Absent when there is nothing honest to say (too few or
   * flat samples, a stale reading, no reset time) and from a gateway that keeps no history.
   */
  pace?: WindowPace;
  /**
   * Issue 17: the model family the window alone bounds, as a lower-case part of a model id
   * (Claude's `Week Opus`: `opus`); absent for a window every model shares. Routing reads it.
   */
  model?: string;
}

/**
 * A window's pace (issue 19): `runs-out` before its reset at the recent burn rate, `lasts` until
 * the reset (ending near `projectedPercent`), or `exhausted` (used up until the reset). Times are
 * absolute, so a client words them against its own clock (src-shared/pace-text.ts).
 */
export type WindowPace =
  | { kind: 'runs-out'; ratePerHour: number; runOutAt: string; resetAt: string }
  | { kind: 'lasts'; ratePerHour: number; projectedPercent: number; resetAt: string }
  | { kind: 'exhausted'; resetAt: string | null };

/**
 * A further named limit of a login besides its plan's windows (ChatGPT's `additional_rate_limits`,
 * e.g. one model family's), with windows of its own (issue 17).
 */
export interface NamedLimit {
  /** `metered_feature`: the id Codex keys it by. */
  id: string;
  /** `limit_name`: how it is shown. */
  name: string;
  windows: UsageWindow[];
}

export interface ProviderUsage {
  windows: UsageWindow[];
  /** Named limits beside the plan's windows; absent when the server sent none (and from older gateways). */
  limits?: NamedLimit[];
  plan?: string;
  credits?: { hasCredits: boolean; unlimited: boolean; balance: string | null };
  fetchedAt: string | null;
  /** True when the last fetch failed and `windows` are from an earlier one (`fetchedAt` says when). */
  stale: boolean;
  error: string | null;
}

/** One account of a provider (config `accounts`): its own status and usage windows (issue 17). */
export interface AccountView {
  /** `work` of `openai-codex:codex-cli@work`. */
  id: string;
  label: string;
  /** The worst status of the account's profiles. */
  status: ProfileStatus;
  usage: ProviderUsage | null;
  /** The same login (account id or email) as this account (`default`: the default home's), shown as one with a note. */
  sameLoginAs?: string;
}

export interface ProviderView {
  provider: string;
  /** The full name, for headings (`OpenAI Codex`). */
  displayName: string;
  /** The short name, for menus and one-line texts (`Codex`). */
  shortName: string;
  /**
   * The headline status (DESIGN.md §3): the status of the profile the agent would use now — the
   * first usable one in `auth.order`, or with `auth.strategy: headroom` the one with the most left
   * (issue 17) — or the worst one when none is usable. The tray icon, the
   * popover, the dashboard and the CLI all show this one.
   */
  status: ProfileStatus;
  /** The default login's usage (accounts carry their own). */
  usage: ProviderUsage | null;
  /** The provider's further accounts, when config `accounts` has any (absent from older gateways). */
  accounts?: AccountView[];
  /** Which profile the headline is about and what else is wrong (issue 14); optional for older gateways. */
  headline?: ProviderHeadline;
}

/** "Will my agent keep working, and until when": the facts behind a provider's headline. */
export interface ProviderHeadline {
  /** The profile the agent would use now; null when none is usable. */
  profileId: string | null;
  /** That profile's expiry (ISO), null when it has none or none is usable. */
  expiresAt: string | null;
  /** The other profiles of the provider with a problem, most urgent first: shown under the headline, never hidden. */
  problems: string[];
  // Issue 17, for the tray title (absent from older gateways). With `auth.strategy: headroom` the
  // profile is the agent's headroom pick; these say whose login it is and how much it has left.
  /** The account (config `accounts`) of that profile; absent for a CLI's default home. */
  account?: string;
  /** That account's label. */
  accountLabel?: string;
  /** That profile's tightest window among those bounding the agent's model; absent without usage. */
  window?: UsageWindow;
  /** The named limit (`limit_name`) `window` belongs to, when the agent's model counts against one. */
  limit?: string;
}

/** A CLI login clawbar can run, offered even before its profile exists (a first login). */
export interface LoginTarget {
  /** The profile `auth.login.start` takes. */
  profileId: string;
  provider: string;
  /** The provider's short name: the tray's `Re-login Codex…`. */
  name: string;
  /** What it runs in a terminal, for hints (`codex login`). */
  command: string;
}

export type LoginState = 'starting' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';

/**
 * How a login is finished: `browser` on this machine (the default), or `device`: a link and a
 * one-time code, to finish on another device (a phone).
 */
export type LoginMethod = 'browser' | 'device';

export interface LoginView {
  loginId: string;
  profileId: string;
  state: LoginState;
  /** Absent from old gateways: `browser`. */
  method?: LoginMethod;
  url?: string;
  /** Device logins: the one-time code to enter at `url`, and when it stops working (ISO). */
  userCode?: string;
  expiresAt?: string;
  /** The child's output so far (last lines only), secrets redacted. */
  lines: string[];
  error?: string;
  startedAt: string;
  endedAt?: string;
}

/** A credential a channel depends on (`slack:bot`, `slack:app`, `whatsapp:+<number>`), never its value. */
export interface ChannelCredentialView {
  id: string;
  /** `static` token present · `ok` linked device · `expired` rejected or logged out · `missing` absent. */
  status: ProfileStatus;
  /** Where it lives: `env`, `keychain`, `file` (the secrets file) or `device` (a linked WhatsApp device). */
  source: string;
  detail: string | null;
}

export interface ChannelView {
  id: string;
  enabled: boolean;
  /** `pairing`: waiting for the phone to scan `qr` (WhatsApp). */
  state: 'disabled' | 'connecting' | 'connected' | 'pairing' | 'error';
  botUserId?: string;
  botTag?: string;
  detail: string | null;
  /** The pairing QR code's text while `state` is `pairing`; it rotates about every 20 s. */
  qr?: string;
  /** The credentials the channel runs on, with their statuses; absent while the channel is disabled. */
  credentials?: ChannelCredentialView[];
}

export interface GatewayInfo {
  name: string;
  version: string;
  pid: number;
  port: number;
  startedAt: string;
  agentModel: string;
}

/** The `status` method's answer and the `connect` snapshot. */
export interface Snapshot {
  generatedAt: string;
  warnBeforeMs: number;
  gateway: GatewayInfo;
  profiles: ProfileView[];
  providers: ProviderView[];
  channels: ChannelView[];
  logins: LoginView[];
  /** The CLI logins clawbar can run (the tray's Re-login rows, the dashboard's first-run hint). */
  loginTargets: LoginTarget[];
  // --- issue 18 (hooks) ---
  /** The last hook runs that failed (config `hooks`), newest last; absent from old gateways. */
  hookFailures?: HookFailureView[];
}

/** A hook run that failed: which event, which program, when, and one line why (no secret: no env, no stdin). */
export interface HookFailureView {
  event: string;
  command: string;
  at: string;
  error: string;
}

export interface ModelView {
  key: string;
  provider: string;
  name: string;
  input: string[];
  contextWindow: number;
  local: boolean;
  auth: ProfileStatus;
  tags: string[];
  // The live catalog (issue 15); optional: older gateways do not send them.
  /** Where the entry comes from: the provider's list fetched now, the cached one, or the built-in one. */
  source?: 'live' | 'cached' | 'built-in';
  /** For a configured model its provider no longer lists (tag `gone`): the nearest one it does. */
  suggestion?: string;
}

/**
 * Settings the dashboard reads through `config.get`. Only `CONFIG_SET_KEYS` (methods.ts) can be
 * changed through `config.set`; the login commands are shown, never changed, over the gateway.
 */
export interface SettingsView {
  warnBefore: string;
  notifyExpiring: string[];
  notifyUsageUsedPercent: number[];
  usageRefresh: string;
  codexCommand: string;
  codexArgs: string[];
  claudeCommand: string;
  claudeArgs: string[];
  agentModel: string;
}

export type NotifyLevel = 'info' | 'warning' | 'critical';
export interface NotifyEvent {
  id: string;
  level: NotifyLevel;
  title: string;
  body: string;
  profileId?: string;
  /** What a click does: `relogin` starts the re-login of `profileId`. */
  action?: 'relogin';
  /** With `relogin`: it can also be finished on another device, so a second action offers that (issue 18). */
  deviceLogin?: boolean;
  /** Issue 17: the named limit (`NamedLimit.id`, `.name`) a usage notification is about; absent for the plan's windows. */
  limit?: { id: string; name: string };
}

// Issue 19: the usage history as the dashboard's charts draw it (`usage.history`, `usage.daily`,
// `usage.turns`). Times in chart data are epoch milliseconds: compact, and what a chart computes with.

/** One usage window over time (`usage.history`): used %, the resets seen, and its pace. */
export interface WindowHistoryView {
  provider: string;
  /** The account ('' for the CLI's default home). */
  account: string;
  /** A named limit beside the plan's own windows ('' for the plan's). */
  limit: string;
  /** The window's label (`5h`, `Week`). */
  label: string;
  windowSeconds: number;
  /** `[time, used %]`, oldest first: the last sample of each slot, at most `HISTORY_MAX_POINTS`. */
  points: Array<[number, number]>;
  /** Resets seen (the reset time moved forward and used % dropped), with the used % just before. */
  resets: Array<{ at: number; previousUsedPercent: number }>;
  /** The newest sample's reset time: where a pace projection ends. */
  resetAt: number | null;
  pace?: WindowPace;
}

/** Tokens and API-equivalent cost of one local day, provider, account and source (`usage.daily`). */
export interface DailyUsageRow {
  /** The gateway's local calendar day, `YYYY-MM-DD`. */
  day: string;
  provider: string;
  account: string;
  /** `codex` / `claude`: the CLI's own logs; `agent`: clawbar's agent turns. */
  source: 'codex' | 'claude' | 'agent';
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  /** API-equivalent USD of the tokens whose model has a known price; null when none has. */
  costUsd: number | null;
  /** Tokens (input + output) of models without a known price: counted above, not in `costUsd`. */
  unpricedTokens: number;
}

export interface DailyUsageView {
  /** The days covered, oldest first (today last), so days without use show as gaps. */
  days: string[];
  rows: DailyUsageRow[];
  /** The short name of each provider in `rows` (`Codex`), for legends: a provider may have no profile. */
  names: Record<string, string>;
  /** The date of the built-in price table; dollars are API-equivalent value, never a bill. */
  pricesUpdated: string;
}

/** One auth profile's agent turns per bucket (`usage.turns`): which account carried the load. */
export interface TurnSeriesView {
  /** `<provider>:<name>[@<account>]`, or `other` for the profiles beyond the busiest ones. */
  profile: string;
  provider: string;
  account: string;
  /** Per bucket, in the order of `AgentTurnsView.buckets`: answered turns, failed attempts, tokens. */
  ok: number[];
  failed: number[];
  tokens: number[];
}

export interface AgentTurnsView {
  bucket: 'hour' | 'day';
  /** Each bucket's start, oldest first (local midnight for days). */
  buckets: number[];
  series: TurnSeriesView[];
}

// Issue 17: accounts from the dashboard, and the agent's routing as the dashboard shows it
// (`accounts.list|add|remove`, `agent.cooldowns`, `agent.log`).

/** One account of config `accounts` as `accounts.*` answer it: never a token, its home absolute. */
export interface AccountEntryView {
  provider: string;
  /** The name: `work` of `openai-codex:codex-cli@work`. */
  id: string;
  label: string;
  /** Where its CLI keeps the login (`CODEX_HOME` / `CLAUDE_CONFIG_DIR`). */
  home: string;
  /** The profile its login renews: what `auth.login.start` takes. */
  profileId: string;
}

/** A provider an account can be added to, and the home a new one gets (`~/.codex-<name>`). */
export interface AccountProviderView {
  provider: string;
  home: string;
}

/** A profile resting from one model (or every model: `*`) until `until` (ISO). */
export interface CooldownView {
  profileId: string;
  /** `<provider>/<model>`, or `*`: every model of the login (a used-up quota). */
  model: string;
  until: string;
  /** `rate-limit`: a 429 (its Retry-After, else a minute) · `quota`: used up until its window resets. */
  reason: 'rate-limit' | 'quota';
}

/** One routing decision of the agent: which profile answered a turn and why the others were skipped. */
export interface DecisionView {
  turn: number;
  at: string;
  model: string;
  strategy: 'order' | 'headroom';
  /** The profile that answered; null when none did. */
  profileId: string | null;
  /** Why it was picked (`5h 40% left`, `first usable in order`). */
  why: string;
  skipped: Array<{ profileId: string; reason: string }>;
}
