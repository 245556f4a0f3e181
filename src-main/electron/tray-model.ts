// What the tray shows, as a pure function of the gateway's state and the time: icon, macOS title,
// tooltip and menu. tray.ts only applies it. Statuses, headlines, fixes, provider names and the
// logins on offer come from the gateway as they are; this file only words and orders them (with the
// same shared helpers as the popover) and formats countdowns.
import { compactCountdown, formatDuration, percentLeft } from '../../src-shared/format.js';
import { headlineWords } from '../../src-shared/headline.js';
import { groupByProvider, type ProviderGroup } from '../../src-shared/provider-groups.js';
import { tightest, windowsForModel } from '../core/usage/headroom.js';
import { formatUsageWindows } from '../core/usage/usage-text.js';

import type {
  AccountView,
  LoginMethod,
  LoginTarget,
  LoginView,
  ProfileView,
  ProviderUsage,
  ProviderView,
} from '../../src-shared/protocol/index.js';

export type TrayIcon = 'ok' | 'expiring' | 'expired';
export type GatewayConnection = 'connecting' | 'connected' | 'disconnected';

export interface TrayState {
  connection: GatewayConnection;
  profiles: ProfileView[];
  providers: ProviderView[];
  logins: LoginView[];
  /** The CLI logins the gateway can run: one `Re-login <name>…` row each. */
  loginTargets: LoginTarget[];
  /** Whether the app starts at login; null where the OS offers no such setting (Linux). */
  launchAtLogin: boolean | null;
  /** The agent's model (`openai-codex/gpt-6.1-sol`): its provider's headline is the account in use. */
  agentModel?: string | null;
}

export type TrayAction =
  | { kind: 'relogin'; profileId: string; method?: LoginMethod }
  | { kind: 'refresh' }
  | { kind: 'open-dashboard' }
  | { kind: 'toggle-launch-at-login' }
  | { kind: 'quit' };

export type TrayMenuItem =
  | { type: 'separator' }
  | { type: 'normal'; label: string; enabled: boolean; action?: TrayAction }
  | { type: 'checkbox'; label: string; checked: boolean; action: TrayAction };

export interface TrayModel {
  icon: TrayIcon;
  /**
   * macOS menu-bar text next to the icon: the most urgent countdown (`3h`) while a login is dying,
   * else what is left of the account the agent would use next (`71%`, `Work 71%` with accounts).
   */
  title: string;
  tooltip: string;
  menu: TrayMenuItem[];
}

const ACTIVE_LOGIN = new Set<LoginView['state']>(['starting', 'waiting']);

function remainingMs(expiresAt: string | null | undefined, now: number): number | null {
  if (!expiresAt) return null;
  const at = Date.parse(expiresAt);
  return Number.isNaN(at) ? null : at - now;
}

/** The icon of the worst provider headline, as the gateway computed it (never recomputed from profiles). */
function iconFor(providers: readonly ProviderView[]): TrayIcon {
  if (providers.some((p) => p.status === 'expired' || p.status === 'missing')) return 'expired';
  if (providers.some((p) => p.status === 'expiring')) return 'expiring';
  return 'ok';
}

/** `openai-codex:codex-cli — ok · 9d 23h`, `openai-codex:default — expired · The login expired.` */
function profileRow(profile: ProfileView, now: number): string {
  const parts = [`${profile.id} — ${profile.status}`];
  const left = remainingMs(profile.expiresAt, now);
  if ((profile.status === 'ok' || profile.status === 'expiring') && left !== null) parts.push(formatDuration(left));
  const why = profile.summary ?? (profile.status === 'expired' || profile.status === 'missing' ? profile.detail : null);
  if (why) parts.push(why);
  return parts.join(' · ');
}

/** `5h 100% left ⏱4h 59m · Week 53% left ⏱2d 15h` (DESIGN.md §4's text form), flagged when stale. */
function usageRow(provider: ProviderView, now: number): string | null {
  const usage = provider.usage;
  if (!usage) return null;
  if (usage.windows.length === 0) return usage.error ? `Usage: ${usage.error}` : null;
  const text = `Usage: ${formatUsageWindows(usage, now)}`;
  if (!usage.stale) return text;
  const fetched = remainingMs(usage.fetchedAt, 0);
  return fetched === null ? `${text} (stale)` : `${text} (stale ${formatDuration(now - fetched)})`;
}

/** Each named limit of a login as its own row (issue 17): `GPT-6 Sol: 5h 12% left ⏱1h 5m`. */
function limitRows(usage: ProviderUsage | null, indent: string, now: number): string[] {
  return (usage?.limits ?? [])
    .filter((limit) => limit.windows.length > 0)
    .map((limit) => `${indent}${limit.name}: ${formatUsageWindows(limit, now)}`);
}

/** The account whose home holds the headline's profile (the one the agent would use next), if any. */
function accountInUse(view: ProviderView, profiles: readonly ProfileView[]): AccountView | null {
  const id = view.headline?.profileId;
  const account = id ? profiles.find((p) => p.id === id)?.account : undefined;
  return account ? (view.accounts?.find((a) => a.id === account) ?? null) : null;
}

/**
 * A provider's accounts (issue 17), each with its status and windows: `Work — ok · 5h 40% left ⏱2h 10m`,
 * the one the agent would use next marked `(in use)`.
 */
function accountRows(view: ProviderView, profiles: readonly ProfileView[], now: number): string[] {
  const inUse = accountInUse(view, profiles);
  return (view.accounts ?? []).flatMap((account) => {
    const mark = account === inUse ? ' (in use)' : '';
    const windows =
      account.usage && account.usage.windows.length > 0 ? ` · ${formatUsageWindows(account.usage, now)}` : '';
    return [`   ${account.label}${mark} — ${account.status}${windows}`, ...limitRows(account.usage, '      ', now)];
  });
}

/** One provider's rows: its headline, its profiles (problems first), its usage and named limits, its accounts. */
function providerRows(group: ProviderGroup, profiles: ProfileView[], now: number): TrayMenuItem[] {
  const info = (label: string): TrayMenuItem => ({ type: 'normal', label, enabled: false });
  const rows: TrayMenuItem[] = [info(headlineWords(group.view, profiles, now).text)];
  for (const profile of group.profiles) rows.push(info(`   ${profileRow(profile, now)}`));
  const usage = usageRow(group.view, now);
  if (usage) rows.push(info(`   ${usage}`));
  for (const row of limitRows(group.view.usage, '   ', now)) rows.push(info(row));
  for (const row of accountRows(group.view, profiles, now)) rows.push(info(row));
  return rows;
}

/**
 * The login rows: one per CLI login the gateway can run (`Log in to Codex…` while it never
 * existed, `Re-login Codex…` after), then one per other broken profile whose fix is a login
 * (clawbar's own), so every problem in the menu has its fix one click away.
 */
function loginRows(state: TrayState): TrayMenuItem[] {
  const byId = new Map(state.profiles.map((profile) => [profile.id, profile]));
  const running = (profileId: string) =>
    state.logins.some((login) => login.profileId === profileId && ACTIVE_LOGIN.has(login.state));
  const row = (profileId: string, label: string): TrayMenuItem => ({
    type: 'normal',
    // A second click joins the running login (DESIGN.md §5), so the row stays clickable.
    label: running(profileId) ? `${label} — waiting for the browser…` : `${label}…`,
    enabled: true,
    action: { kind: 'relogin', profileId },
  });
  const rows = state.loginTargets.map((target) => {
    const profile = byId.get(target.profileId);
    const first = !profile || profile.status === 'missing';
    return row(target.profileId, first ? `Log in to ${target.name}` : `Re-login ${target.name}`);
  });
  const targeted = new Set(state.loginTargets.map((target) => target.profileId));
  for (const profile of state.profiles) {
    if (profile.fix?.kind === 'login' && !targeted.has(profile.id)) {
      rows.push(row(profile.id, `${profile.fix.label} ${profile.id}`));
    }
  }
  return rows;
}

/** The most urgent countdown among the profiles the agent uses (the headlines), for the menu bar. */
function urgentTitle(providers: readonly ProviderView[], profiles: readonly ProfileView[], now: number): string {
  const expiries = providers
    .filter((provider) => provider.status === 'expiring')
    .map((provider) => {
      // An older gateway sends no headline: its expiring profiles stand in.
      if (provider.headline) return remainingMs(provider.headline.expiresAt, now);
      const own = profiles.filter((p) => p.provider === provider.provider && p.status === 'expiring');
      return own.map((p) => remainingMs(p.expiresAt, now)).sort((a, b) => (a ?? Infinity) - (b ?? Infinity))[0] ?? null;
    })
    .filter((ms): ms is number => ms !== null)
    .sort((a, b) => a - b);
  return expiries[0] === undefined ? '' : compactCountdown(expiries[0]);
}

/**
 * What is left of the login the agent would use next — the headline profile of the agent's
 * provider (the headroom pick): its tightest window for the agent's model (a named limit's when
 * one applies to it, core/usage/headroom.ts), `71%`, named by its account's label when it is an
 * account's (`Work 71%`). Empty when nothing is known (no usage, no usable login).
 */
function headroomTitle(state: TrayState): string {
  const [provider, ...model] = (state.agentModel ?? '').split('/');
  const view = state.providers.find((p) => p.provider === provider);
  if (!view?.headline?.profileId) return '';
  const account = accountInUse(view, state.profiles);
  const window = tightest(windowsForModel(account ? account.usage : view.usage, model.join('/') || null).windows);
  if (!window) return '';
  const left = `${percentLeft(window.leftPercent)}%`;
  return account ? `${account.label} ${left}` : left;
}

/** The whole tray for one state and instant. Pure: tested without Electron. */
export function trayModel(state: TrayState, now: number): TrayModel {
  const menu: TrayMenuItem[] = [];
  const info = (label: string): TrayMenuItem => ({ type: 'normal', label, enabled: false });
  const separator: TrayMenuItem = { type: 'separator' };

  if (state.connection !== 'connected') {
    const connecting = state.connection === 'connecting';
    menu.push(info(connecting ? 'Connecting to the gateway…' : 'Gateway not reachable — retrying'));
    menu.push(separator, {
      type: 'normal',
      label: 'Open Dashboard',
      enabled: !connecting,
      action: { kind: 'open-dashboard' },
    });
    menu.push(...footer(state));
    return {
      // Before the first snapshot nothing is known: no alarm. A lost gateway is worth one.
      icon: connecting ? 'ok' : 'expired',
      title: '',
      tooltip: connecting ? 'clawbar — connecting…' : 'clawbar — gateway not reachable',
      menu,
    };
  }

  const groups = groupByProvider(state.profiles, state.providers);
  if (groups.length === 0) menu.push(info('No logins found — log in below'), separator);
  for (const group of groups) menu.push(...providerRows(group, state.profiles, now), separator);
  menu.push(...loginRows(state));
  menu.push(
    { type: 'normal', label: 'Refresh Now', enabled: true, action: { kind: 'refresh' } },
    { type: 'normal', label: 'Open Dashboard', enabled: true, action: { kind: 'open-dashboard' } },
  );
  menu.push(...footer(state));

  const headlines = groups
    .filter((group) => group.profiles.length > 0)
    .map((group) => headlineWords(group.view, state.profiles, now).text);
  return {
    icon: iconFor(groups.map((group) => group.view)),
    // A dying login's countdown wins over the headroom.
    title: urgentTitle(state.providers, state.profiles, now) || headroomTitle(state),
    tooltip: headlines.length === 0 ? 'clawbar — no logins found' : `clawbar — ${headlines.join('; ')}`,
    menu,
  };
}

function footer(state: TrayState): TrayMenuItem[] {
  const launch: TrayMenuItem[] =
    state.launchAtLogin === null
      ? []
      : [
          { type: 'separator' },
          {
            type: 'checkbox',
            label: 'Launch at Login',
            checked: state.launchAtLogin,
            action: { kind: 'toggle-launch-at-login' },
          },
        ];
  return [
    ...launch,
    { type: 'separator' },
    { type: 'normal', label: 'Quit clawbar', enabled: true, action: { kind: 'quit' } },
  ];
}
