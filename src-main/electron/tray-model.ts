// What the tray shows, as a pure function of the gateway's state and the time: icon, macOS title,
// tooltip and menu. tray.ts only applies it. Statuses, provider names and the logins on offer come
// from the gateway as they are (the icon from its provider views); this file only picks the worst
// provider and formats countdowns.
import { formatDuration } from '../../src-shared/format.js';
import { paceRiskNote } from '../../src-shared/pace-text.js';

import type {
  LoginTarget,
  LoginView,
  ProfileView,
  ProviderView,
  UsageWindow,
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
}

export type TrayAction =
  | { kind: 'relogin'; profileId: string }
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
  /** macOS menu-bar text next to the icon: the most urgent countdown (`3h`), empty when all is well. */
  title: string;
  tooltip: string;
  menu: TrayMenuItem[];
}

const ACTIVE_LOGIN = new Set<LoginView['state']>(['starting', 'waiting']);

function remainingMs(profile: ProfileView, now: number): number | null {
  if (profile.expiresAt === null) return null;
  const at = Date.parse(profile.expiresAt);
  return Number.isNaN(at) ? null : at - now;
}

/** `3h` for the menu bar: minutes under an hour, hours under two days, then days. */
export function compactCountdown(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours}h` : `${Math.floor(hours / 24)}d`;
}

/** The icon of the worst provider, by the status the gateway gave each (never recomputed from profiles). */
function iconFor(providers: ProviderView[]): TrayIcon {
  if (providers.some((p) => p.status === 'expired' || p.status === 'missing')) return 'expired';
  if (providers.some((p) => p.status === 'expiring')) return 'expiring';
  return 'ok';
}

function profileRow(profile: ProfileView, now: number): string {
  const parts = [`${profile.id} — ${profile.status}`];
  const left = remainingMs(profile, now);
  if ((profile.status === 'ok' || profile.status === 'expiring') && left !== null) parts.push(formatDuration(left));
  if ((profile.status === 'expired' || profile.status === 'missing') && profile.detail) parts.push(profile.detail);
  return parts.join(' · ');
}

function windowText(window: UsageWindow, now: number): string {
  const reset = window.resetAt === null ? null : Date.parse(window.resetAt);
  const countdown = reset === null || Number.isNaN(reset) ? '' : ` ⏱${formatDuration(reset - now)}`;
  // A window at risk says when it runs out at its pace, as `models status` does (issue 19).
  const risk = paceRiskNote(window.pace, now);
  return `${window.label} ${Math.round(window.leftPercent)}% left${countdown}${risk ? ` (${risk})` : ''}`;
}

/** `Codex: 5h 100% left ⏱4h 59m · Week 53% left ⏱2d 15h` (DESIGN.md §4's text form). */
function usageRow(provider: ProviderView, now: number): string | null {
  const usage = provider.usage;
  if (!usage) return null;
  const name = provider.shortName;
  if (usage.windows.length === 0) return usage.error ? `${name} usage: ${usage.error}` : null;
  const text = `${name}: ${usage.windows.map((w) => windowText(w, now)).join(' · ')}`;
  if (!usage.stale) return text;
  const fetched = usage.fetchedAt === null ? null : Date.parse(usage.fetchedAt);
  return fetched === null || Number.isNaN(fetched)
    ? `${text} (stale)`
    : `${text} (stale ${formatDuration(now - fetched)})`;
}

function tooltipFor(profiles: ProfileView[], providers: ProviderView[], now: number): string {
  const shortNames = new Map(providers.map((p) => [p.provider, p.shortName]));
  const problems = profiles.flatMap((p) => {
    const name = shortNames.get(p.provider) ?? p.provider;
    if (p.status === 'expired') return [`${name} login expired`];
    if (p.status === 'missing') return [`${name} login missing`];
    const left = remainingMs(p, now);
    if (p.status === 'expiring' && left !== null) return [`${name} expires in ${formatDuration(left)}`];
    return [];
  });
  if (problems.length > 0) return `clawbar — ${problems.join('; ')}`;
  return profiles.length === 0 ? 'clawbar — no logins found' : 'clawbar — all logins ok';
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

  if (state.profiles.length === 0) menu.push(info('No logins found — use Re-login below'));
  for (const profile of state.profiles) menu.push(info(profileRow(profile, now)));
  const usageRows = state.providers.flatMap((p) => usageRow(p, now) ?? []);
  if (usageRows.length > 0) menu.push(separator, ...usageRows.map(info));

  menu.push(separator);
  for (const target of state.loginTargets) {
    const running = state.logins.some((l) => l.profileId === target.profileId && ACTIVE_LOGIN.has(l.state));
    const label = `Re-login ${target.name}`;
    menu.push({
      type: 'normal',
      // A second click joins the running login (DESIGN.md §5), so the row stays clickable.
      label: running ? `${label} — waiting for the browser…` : `${label}…`,
      enabled: true,
      action: { kind: 'relogin', profileId: target.profileId },
    });
  }
  menu.push(
    { type: 'normal', label: 'Refresh Now', enabled: true, action: { kind: 'refresh' } },
    { type: 'normal', label: 'Open Dashboard', enabled: true, action: { kind: 'open-dashboard' } },
  );
  menu.push(...footer(state));

  const urgent = state.profiles
    .filter((p) => p.status === 'expiring')
    .map((p) => remainingMs(p, now))
    .filter((ms): ms is number => ms !== null)
    .sort((a, b) => a - b)[0];
  return {
    icon: iconFor(state.providers),
    title: urgent === undefined ? '' : compactCountdown(urgent),
    tooltip: tooltipFor(state.profiles, state.providers, now),
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
