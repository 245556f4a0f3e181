import { describe, expect, it } from 'vitest';

import { providerViews } from '../core/auth/status.js';
import { loginTargets } from '../core/providers/registry.js';

import { trayModel, type TrayMenuItem, type TrayState } from './tray-model.js';

import type {
  LoginView,
  ProfileView,
  ProviderUsage,
  ProviderView,
  UsageWindow,
} from '../../src-shared/protocol/index.js';

const H = 3_600_000;
const D = 24 * H;
const NOW = Date.parse('2026-11-25T12:00:00Z');

function profile(
  id: string,
  status: ProfileView['status'],
  remainingMs: number | null,
  detail: string | null = null,
  extra: Partial<ProfileView> = {},
) {
  const [provider] = id.split(':');
  return {
    id,
    provider: provider!,
    type: remainingMs === null ? 'api_key' : 'oauth',
    source: id.split(':')[1]!,
    status,
    expiresAt: remainingMs === null ? null : new Date(NOW + remainingMs).toISOString(),
    remainingMs,
    refreshable: remainingMs !== null,
    relogin: false,
    detail,
    ...extra,
  } satisfies ProfileView;
}

/** A tray state as the gateway sends it: unless given, the provider views the core derives from the profiles, and the CLI logins. */
function state(over: Partial<TrayState> = {}): TrayState {
  const profiles = over.profiles ?? [];
  return {
    connection: 'connected',
    profiles,
    providers: over.providers ?? providerViews(profiles),
    logins: [],
    loginTargets: loginTargets(),
    launchAtLogin: false,
    ...over,
  };
}

const labels = (menu: TrayMenuItem[]) => menu.map((item) => (item.type === 'separator' ? '---' : item.label));

describe('trayModel', () => {
  it('shows the ok icon, no title, and each provider as its headline over its profiles when all is well', () => {
    const model = trayModel(
      state({
        profiles: [
          profile('openai-codex:codex-cli', 'ok', 9 * D + 23 * H + 59_000),
          profile('openai:env', 'static', null),
        ],
      }),
      NOW,
    );
    expect(model.icon).toBe('ok');
    expect(model.title).toBe('');
    expect(model.tooltip).toBe('clawbar — Codex works · login expires in 9d 23h; OpenAI works · API key, no expiry');
    expect(labels(model.menu)).toEqual([
      'Codex works · login expires in 9d 23h',
      '   openai-codex:codex-cli — ok · 9d 23h',
      '---',
      'OpenAI works · API key, no expiry',
      '   openai:env — static',
      '---',
      'Re-login Codex…',
      'Log in to Claude…',
      'Refresh Now',
      'Open Dashboard',
      '---',
      'Launch at Login',
      '---',
      'Quit clawbar',
    ]);
  });

  it('shows the expiring icon and the most urgent countdown as the title', () => {
    const model = trayModel(
      state({
        profiles: [
          profile('openai-codex:codex-cli', 'expiring', 20 * H),
          profile('anthropic:claude-cli', 'expiring', 3 * H + 59 * 60_000),
        ],
      }),
      NOW,
    );
    expect(model.icon).toBe('expiring');
    expect(model.title).toBe('3h');
    // The sooner one first, in the tooltip as in the menu.
    expect(model.tooltip).toBe(
      'clawbar — Claude works · login expires in 3h 59m; Codex works · login expires in 20h 0m',
    );
  });

  it('counts down against the clock, not the snapshot', () => {
    const s = state({ profiles: [profile('openai-codex:codex-cli', 'expiring', 2 * H)] });
    expect(trayModel(s, NOW).title).toBe('2h');
    expect(trayModel(s, NOW + 90 * 60_000).title).toBe('30m');
  });

  it('shows the expired icon when a provider has no usable login, with the reason in its rows', () => {
    const model = trayModel(
      state({
        profiles: [
          profile('openai-codex:codex-cli', 'expired', 5 * D, 'rejected by server (401)'),
          profile('anthropic:claude-cli', 'expiring', 30 * 60_000),
        ],
      }),
      NOW,
    );
    expect(model.icon).toBe('expired');
    expect(model.title).toBe('30m');
    expect(labels(model.menu).slice(0, 2)).toEqual([
      'Codex stopped · login rejected by the server',
      '   openai-codex:codex-cli — expired · rejected by server (401)',
    ]);
    expect(model.tooltip).toBe(
      'clawbar — Codex stopped · login rejected by the server; Claude works · login expires in 30m',
    );

    const missing = trayModel(
      state({
        profiles: [
          profile('anthropic:claude-cli', 'missing', null, '.credentials.json is absent', {
            type: 'oauth',
            summary: 'Not logged in.',
          }),
        ],
      }),
      NOW,
    );
    expect(missing.icon).toBe('expired');
    expect(labels(missing.menu).slice(0, 2)).toEqual([
      'Claude stopped · not logged in',
      '   anthropic:claude-cli — missing · Not logged in.',
    ]);
    expect(labels(missing.menu)).toContain('Log in to Claude…');
  });

  it('adds usage rows in the CLI text form, with the pace note of a window at risk, flagging stale readings with their age', () => {
    const providers: ProviderView[] = [
      {
        provider: 'openai-codex',
        displayName: 'OpenAI Codex',
        shortName: 'Codex',
        status: 'ok',
        usage: {
          windows: [
            {
              label: '5h',
              windowSeconds: 18000,
              usedPercent: 64,
              leftPercent: 36,
              resetAt: new Date(NOW + 4 * H + 59 * 60_000).toISOString(),
              pace: {
                kind: 'runs-out',
                ratePerHour: 30,
                runOutAt: new Date(NOW + H + 12 * 60_000).toISOString(),
                resetAt: new Date(NOW + 4 * H + 59 * 60_000).toISOString(),
              },
            },
            {
              label: 'Week',
              windowSeconds: 604800,
              usedPercent: 47,
              leftPercent: 53,
              resetAt: new Date(NOW + 2 * D + 15 * H).toISOString(),
            },
          ],
          fetchedAt: new Date(NOW).toISOString(),
          stale: false,
          error: null,
        },
      },
      {
        provider: 'anthropic',
        displayName: 'Anthropic',
        shortName: 'Claude',
        status: 'ok',
        usage: {
          windows: [{ label: '5h', windowSeconds: 18000, usedPercent: 12, leftPercent: 88, resetAt: null }],
          fetchedAt: new Date(NOW - 12 * 60_000).toISOString(),
          stale: true,
          error: 'network',
        },
      },
      { provider: 'openai', displayName: 'OpenAI', shortName: 'OpenAI', status: 'static', usage: null },
    ];
    const model = trayModel(state({ profiles: [profile('openai-codex:codex-cli', 'ok', 9 * D)], providers }), NOW);
    expect(labels(model.menu).slice(0, 7)).toEqual([
      'Codex works · login expires in 9d 0h',
      '   openai-codex:codex-cli — ok · 9d 0h',
      '   Usage: 5h 36% left ⏱4h 59m (runs out in 1h 12m) · Week 53% left ⏱2d 15h',
      '---',
      'Claude works',
      '   Usage: 5h 88% left (stale 12m)',
      '---',
    ]);
  });

  it('offers one Re-login row per login the gateway can run, named as the gateway names it', () => {
    const loginTargets = [
      { profileId: 'bedrock:work', provider: 'bedrock', name: 'Bedrock', command: 'aws sso login --profile work' },
    ];
    const model = trayModel(state({ loginTargets, profiles: [profile('bedrock:work', 'ok', 9 * D)] }), NOW);
    expect(model.menu.filter((i) => i.type === 'normal' && i.action?.kind === 'relogin')).toEqual([
      {
        type: 'normal',
        label: 'Re-login Bedrock…',
        enabled: true,
        action: { kind: 'relogin', profileId: 'bedrock:work' },
      },
    ]);
  });

  it('marks a running re-login and keeps its row clickable to join it', () => {
    const login: LoginView = {
      loginId: 'l1',
      profileId: 'openai-codex:codex-cli',
      state: 'waiting',
      lines: [],
      startedAt: new Date(NOW).toISOString(),
    };
    const model = trayModel(state({ logins: [login] }), NOW);
    const row = model.menu.find((i) => i.type === 'normal' && i.label.startsWith('Log in to Codex'));
    expect(row).toEqual({
      type: 'normal',
      label: 'Log in to Codex — waiting for the browser…',
      enabled: true,
      action: { kind: 'relogin', profileId: 'openai-codex:codex-cli' },
    });
  });

  it('reflects Launch at Login as a checkbox', () => {
    const item = trayModel(state({ launchAtLogin: true }), NOW).menu.find((i) => i.type === 'checkbox');
    expect(item).toEqual({
      type: 'checkbox',
      label: 'Launch at Login',
      checked: true,
      action: { kind: 'toggle-launch-at-login' },
    });
  });

  it('leaves Launch at Login out where the OS has no such setting', () => {
    const labels_ = labels(trayModel(state({ launchAtLogin: null }), NOW).menu);
    expect(labels_).not.toContain('Launch at Login');
    expect(labels_.slice(-3)).toEqual(['Open Dashboard', '---', 'Quit clawbar']);
  });

  it('says so when there are no logins at all', () => {
    const model = trayModel(state(), NOW);
    expect(model.icon).toBe('ok');
    expect(model.tooltip).toBe('clawbar — no logins found');
    expect(labels(model.menu).slice(0, 4)).toEqual([
      'No logins found — log in below',
      '---',
      'Log in to Codex…',
      'Log in to Claude…',
    ]);
  });

  it('takes the icon from the gateway’s provider views, never from the profiles again', () => {
    // The gateway decides a provider's headline (an unused fallback login may be dead while the
    // one the agent uses is fine); the tray shows what it decided.
    const profiles = [
      profile('openai-codex:codex-cli', 'ok', 9 * D),
      profile('openai-codex:default', 'expired', -H, 'token expired'),
    ];
    const providers: ProviderView[] = [
      { provider: 'openai-codex', displayName: 'OpenAI Codex', shortName: 'Codex', status: 'ok', usage: null },
    ];
    expect(trayModel(state({ profiles, providers }), NOW).icon).toBe('ok');
    expect(trayModel(state({ profiles, providers: [{ ...providers[0]!, status: 'expiring' }] }), NOW).icon).toBe(
      'expiring',
    );
  });

  it('keeps a working provider out of the red when only an unused fallback login is dead', () => {
    // openai-codex:default (the first in auth.order) expired; the agent uses the Codex CLI's login.
    const profiles = [
      profile('openai-codex:default', 'expired', -3 * H, 'token expired', {
        source: 'clawbar',
        summary: 'The login expired.',
        fix: { kind: 'login', label: 'Re-login', command: 'clawbar auth login openai-codex' },
      }),
      profile('openai-codex:codex-cli', 'expiring', H + 59 * 60_000 + 30_000),
    ];
    const model = trayModel(state({ profiles }), NOW);
    expect(model.icon).toBe('expiring');
    expect(model.title).toBe('1h');
    expect(model.tooltip).toBe('clawbar — Codex works · login expires in 1h 59m');
    expect(labels(model.menu).slice(0, 4)).toEqual([
      'Codex works · login expires in 1h 59m',
      // The dead fallback is listed, never hidden, with its fix one click away below.
      '   openai-codex:default — expired · The login expired.',
      '   openai-codex:codex-cli — expiring · 1h 59m',
      '---',
    ]);
    expect(model.menu).toContainEqual({
      type: 'normal',
      label: 'Re-login openai-codex:default…',
      enabled: true,
      action: { kind: 'relogin', profileId: 'openai-codex:default' },
    });
  });

  it('raises no alarm while connecting, and the expired icon when the gateway is gone', () => {
    const connecting = trayModel(state({ connection: 'connecting' }), NOW);
    expect(connecting).toMatchObject({ icon: 'ok', title: '', tooltip: 'clawbar — connecting…' });
    expect(labels(connecting.menu)).toEqual([
      'Connecting to the gateway…',
      '---',
      'Open Dashboard',
      '---',
      'Launch at Login',
      '---',
      'Quit clawbar',
    ]);
    const lost = trayModel(
      state({ connection: 'disconnected', profiles: [profile('openai:env', 'static', null)] }),
      NOW,
    );
    expect(lost).toMatchObject({ icon: 'expired', tooltip: 'clawbar — gateway not reachable' });
  });
});

describe('trayModel with accounts (issue 17)', () => {
  const window = (label: string, leftPercent: number, resetInMs: number): UsageWindow => ({
    label,
    windowSeconds: label === '5h' ? 18000 : 604800,
    usedPercent: 100 - leftPercent,
    leftPercent,
    resetAt: new Date(NOW + resetInMs).toISOString(),
  });
  const usage = (windows: UsageWindow[], limits?: ProviderUsage['limits']): ProviderUsage => ({
    windows,
    ...(limits ? { limits } : {}),
    fetchedAt: new Date(NOW).toISOString(),
    stale: false,
    error: null,
  });
  const work = profile('openai-codex:codex-cli@work', 'ok', 9 * D, null, { account: 'work', accountLabel: 'Work' });
  const personal = profile('openai-codex:codex-cli@personal', 'ok', 9 * D, null, {
    account: 'personal',
    accountLabel: 'Personal',
  });
  const main = profile('openai-codex:codex-cli', 'ok', 9 * D);
  /** Codex with a default login and two accounts; the headline (the headroom pick) is `inUse`. */
  function codex(inUse: string, status: ProviderView['status'] = 'ok'): ProviderView {
    return {
      provider: 'openai-codex',
      displayName: 'OpenAI Codex',
      shortName: 'Codex',
      status,
      usage: usage([window('5h', 12, 2 * H), window('Week', 60, 3 * D)]),
      headline: { profileId: inUse, expiresAt: new Date(NOW + 9 * D).toISOString(), problems: [] },
      accounts: [
        {
          id: 'work',
          label: 'Work',
          status: 'ok',
          usage: usage(
            [window('5h', 40, 2 * H + 10 * 60_000), window('Week', 71, 4 * D + 2 * H)],
            [{ id: 'codex_sol', name: 'GPT-6 Sol', windows: [window('5h', 9, H + 5 * 60_000)] }],
          ),
        },
        { id: 'personal', label: 'Personal', status: 'ok', usage: usage([window('Week', 2, 6 * D)]) },
      ],
    };
  }
  const withAccounts = (inUse: string, over: Partial<TrayState> = {}) =>
    state({
      profiles: [main, work, personal],
      providers: [codex(inUse)],
      agentModel: 'openai-codex/gpt-6.1-sol',
      ...over,
    });

  it('titles the menu bar with what is left of the account the agent would use next (the headline), named by its label', () => {
    expect(trayModel(withAccounts(work.id), NOW).title).toBe('Work 40%');
    expect(trayModel(withAccounts(personal.id), NOW).title).toBe('Personal 2%');
    // The default login's own windows when the headline is the default home's.
    expect(trayModel(withAccounts(main.id), NOW).title).toBe('12%');
  });

  it('shows the headroom without a name when the provider has no accounts, and nothing without usage or a usable login', () => {
    const plain: ProviderView = { ...codex(main.id), accounts: [] };
    expect(trayModel(state({ profiles: [main], providers: [plain], agentModel: 'openai-codex/x' }), NOW).title).toBe(
      '12%',
    );
    const noUsage: ProviderView = { ...plain, usage: null };
    expect(trayModel(state({ profiles: [main], providers: [noUsage], agentModel: 'openai-codex/x' }), NOW).title).toBe(
      '',
    );
    const noneUsable: ProviderView = { ...plain, headline: { profileId: null, expiresAt: null, problems: [] } };
    expect(
      trayModel(state({ profiles: [main], providers: [noneUsable], agentModel: 'openai-codex/x' }), NOW).title,
    ).toBe('');
    // Another provider's model: Codex's headroom is not the agent's.
    expect(trayModel(withAccounts(work.id, { agentModel: 'anthropic/claude-x' }), NOW).title).toBe('');
  });

  it('lets a dying login’s countdown win over the headroom', () => {
    const dying = profile('openai-codex:codex-cli@work', 'expiring', 3 * H, null, { account: 'work' });
    const provider = {
      ...codex(work.id, 'expiring'),
      headline: { profileId: work.id, expiresAt: dying.expiresAt, problems: [] },
    };
    const model = trayModel(withAccounts(work.id, { profiles: [main, dying, personal], providers: [provider] }), NOW);
    expect(model.title).toBe('3h');
  });

  it('lists each account with its status and windows, marks the one in use, and gives every named limit a row', () => {
    const rows = labels(trayModel(withAccounts(work.id), NOW).menu);
    const start = rows.indexOf('   Usage: 5h 12% left ⏱2h 0m · Week 60% left ⏱3d 0h');
    expect(start).toBeGreaterThan(0);
    expect(rows.slice(start + 1, start + 5)).toEqual([
      '   Work (in use) — ok · 5h 40% left ⏱2h 10m · Week 71% left ⏱4d 2h',
      '      GPT-6 Sol: 5h 9% left ⏱1h 5m',
      '   Personal — ok · Week 2% left ⏱6d 0h',
      '---',
    ]);
  });

  it('shows the default login’s named limits under its usage row', () => {
    const provider: ProviderView = {
      ...codex(main.id),
      accounts: [],
      usage: usage(
        [window('5h', 80, H)],
        [{ id: 'codex_sol', name: 'GPT-6 Sol', windows: [window('Week', 30, 2 * D)] }],
      ),
    };
    const rows = labels(trayModel(state({ profiles: [main], providers: [provider] }), NOW).menu);
    expect(rows.slice(2, 4)).toEqual(['   Usage: 5h 80% left ⏱1h 0m', '   GPT-6 Sol: Week 30% left ⏱2d 0h']);
  });
});
