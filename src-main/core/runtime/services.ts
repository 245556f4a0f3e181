// What the gateway's method handlers need from the rest of clawbar, as narrow interfaces. The
// runtime (start.ts) plugs each capability's service in once it runs; an absent one makes its
// methods answer `UNAVAILABLE`, so the gateway runs (and the dashboard renders) while parts are missing.
import type {
  AccountEntryView,
  AgentTurnsView,
  CooldownView,
  DecisionView,
  ChannelView,
  HookFailureView,
  DailyUsageView,
  LoginMethod,
  LoginView,
  MethodParams,
  MethodResults,
  ModelView,
  ProfileView,
  ProviderUsage,
  SettingsView,
} from '../../../src-shared/protocol/index.js';
import type { ProfileCheck } from '../usage/probe.js';

/** The auth engine as the gateway sees it (`AuthEngine` from core/auth satisfies it). */
export interface AuthService {
  profiles(now?: number): ProfileView[];
  reload(): Promise<ProfileView[]>;
  /** The `expiring` threshold the statuses were computed with. */
  warnBeforeMs?(): number;
}

/** The usage poller (core/usage). */
export interface UsageService {
  /** The latest usage per provider id; providers never polled are absent. */
  usage(): Partial<Record<string, ProviderUsage>>;
  /** Polls now (one provider, or every pollable one), honouring the poller's rate limits. */
  refresh(provider?: string): Promise<unknown>;
  /** Each finished poll as a check of the token it sent (the health probe counts it as one). */
  onChecked?(listener: (check: ProfileCheck) => void): () => void;
}

/** The health probe (core/usage/probe.ts): `auth.probe`. */
export interface ProbeService {
  /** Checks now whether the server accepts the token of `profileId` (or of every OAuth login it can ask about). */
  probe(profileId?: string): Promise<void>;
  /** Whether `profileId` is one a probe can ask about (an OAuth login with a live token and a usage endpoint). */
  canProbe(profileId: string): boolean;
}

/** The login runner and delegated refresh (core/reauth). */
export interface LoginService {
  /**
   * Starts (or joins) the re-login of a profile; progress goes out as `login.progress` events.
   * `device`: a link and a one-time code to finish on another device. A profile no login (of that
   * method) can fix: throw `MethodError('INVALID_REQUEST', …)` with a one-line reason.
   */
  start(profileId: string, method?: LoginMethod): Promise<{ loginId: string }> | { loginId: string };
  cancel(loginId: string): Promise<boolean> | boolean;
  /** Running and recently finished logins. */
  list(): LoginView[];
  /**
   * Delegated refresh (`auth.refresh` with `delegate: true`): asks the owning CLI to refresh; the
   * caller re-reads the profiles. Resolves with nothing, so no token can reach a response.
   */
  refresh?(profileId?: string): Promise<void>;
}

/** The agent (core/agent). */
export interface AgentService {
  models(options: { all: boolean }): Promise<ModelView[]> | ModelView[];
  /** Starts a run; its output goes out as `chat` events carrying the returned runId. */
  send(sessionKey: string, message: string): Promise<{ runId: string }> | { runId: string };
  /** The cooldowns still running, soonest end first (`agent.cooldowns`). */
  cooldowns?(): Promise<CooldownView[]>;
  /** The last routing decisions, newest first (`agent.log`). */
  decisions?(limit: number): Promise<DecisionView[]>;
}

/** Chat channels (core/channels). */
export interface ChannelService {
  list(): ChannelView[];
  /** Starts linking channel `id` (WhatsApp); throws a MethodError for a channel that cannot be linked. */
  startLink?(id: string): void;
}

/** Dashboard settings backed by config.json (settings.ts implements it). */
export interface SettingsService {
  get(): Promise<{ settings: SettingsView; path: string }>;
  set(patch: MethodParams<'config.set'>): Promise<{ settings: SettingsView }>;
}

/** Config `accounts` (issue 17), edited like `clawbar accounts add|remove` (runtime/accounts.ts). */
export interface AccountsService {
  list(): Promise<MethodResults['accounts.list']>;
  /** Adds `name` with clawbar's default home for it; a refused one throws a one-line INVALID_REQUEST. */
  add(provider: string, name: string, label?: string): Promise<AccountEntryView>;
  /** Drops the entry; never touches its home. */
  remove(provider: string, name: string): Promise<AccountEntryView>;
}

/** The usage history's charts (core/usage/history): `usage.history`, `usage.daily`, `usage.turns`. */
export interface HistoryService {
  /** Every window sampled in the last `days` days: used % over time, resets, pace. */
  windows(days: number): MethodResults['usage.history'];
  /** Tokens and cost per day, provider, account and source (the CLIs' logs are scanned first). */
  daily(days: number): Promise<DailyUsageView>;
  /** The agent's turns per profile, per hour or per day. */
  turns(days: number, bucket: 'hour' | 'day'): AgentTurnsView;
}

/** Every part the gateway can use; each one optional. The object is read at call time, so parts may arrive late. */
export interface GatewayServices {
  auth?: AuthService;
  usage?: UsageService;
  probe?: ProbeService;
  logins?: LoginService;
  agent?: AgentService;
  channels?: ChannelService;
  settings?: SettingsService;
  accounts?: AccountsService;
  /** Hooks (config `hooks`): the failures shown in the dashboard. */
  hooks?: { failures(): HookFailureView[] };
  history?: HistoryService;
}
