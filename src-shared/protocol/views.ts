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
  /** clawbar can renew it on request (`auth.login.start`): the Re-login button shows. */
  relogin: boolean;
  /** Why it is unhealthy, as the source or the server said it (raw: for logs, `--json` and a disclosure). */
  detail: string | null;
  // -- the glance (issue 14); optional, as older gateways do not send them --
  /** The problem in one short human sentence (`The server rejected this login.`); null when fine. */
  summary?: string | null;
  /** The one thing that fixes the problem, derived from the provider's descriptor; null when fine. */
  fix?: ProfileFix | null;
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
}

export interface ProviderUsage {
  windows: UsageWindow[];
  plan?: string;
  credits?: { hasCredits: boolean; unlimited: boolean; balance: string | null };
  fetchedAt: string | null;
  /** True when the last fetch failed and `windows` are from an earlier one (`fetchedAt` says when). */
  stale: boolean;
  error: string | null;
}

export interface ProviderView {
  provider: string;
  /** The full name, for headings (`OpenAI Codex`). */
  displayName: string;
  /** The short name, for menus and one-line texts (`Codex`). */
  shortName: string;
  /**
   * The headline status (DESIGN.md §3): the status of the profile the agent would use now — the
   * first usable one in `auth.order` — or the worst one when none is usable. The tray icon, the
   * popover, the dashboard and the CLI all show this one.
   */
  status: ProfileStatus;
  usage: ProviderUsage | null;
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

export interface LoginView {
  loginId: string;
  profileId: string;
  state: LoginState;
  url?: string;
  deviceCode?: string;
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
}

/**
 * Settings the dashboard reads through `config.get` (with the defaults beside them). Only `CONFIG_SET_KEYS` (methods.ts) can be
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
}
