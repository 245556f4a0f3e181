import { describe, expect, it } from 'vitest';

import { missingReading, type ProfileReading } from './reading.js';
import {
  nextStatusBoundary,
  profileStatus,
  providerViews,
  renewerOf,
  renewsOnUse,
  toProfileView,
  worstStatus,
} from './status.js';

import type { ProfileView } from './types.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 25, 12);
const WARN = 24 * HOUR;

function oauth(expiresAt: number | null, extra: Partial<ProfileReading> = {}): ProfileReading {
  return {
    id: 'openai-codex:codex-cli',
    provider: 'openai-codex',
    type: 'oauth',
    source: 'codex-cli',
    expiresAt,
    refreshable: true,
    credential: {
      profileId: 'openai-codex:codex-cli',
      provider: 'openai-codex',
      type: 'oauth',
      accessToken: 'secret-access',
      expiresAt,
    },
    problem: null,
    ...extra,
  };
}

describe('profileStatus', () => {
  it('is ok beyond warnBefore, expiring within it, expired at or past expiry', () => {
    expect(profileStatus(oauth(NOW + 10 * 24 * HOUR), NOW, WARN)).toMatchObject({
      status: 'ok',
      remainingMs: 240 * HOUR,
    });
    expect(profileStatus(oauth(NOW + WARN), NOW, WARN).status).toBe('expiring');
    expect(profileStatus(oauth(NOW + 1), NOW, WARN).status).toBe('expiring');
    expect(profileStatus(oauth(NOW), NOW, WARN)).toMatchObject({ status: 'expired', detail: 'token expired' });
    expect(profileStatus(oauth(NOW - HOUR), NOW, WARN)).toMatchObject({ status: 'expired', remainingMs: -HOUR });
  });

  it('is expired with the server status while a rejection stands, whatever the expiry', () => {
    expect(profileStatus(oauth(NOW + 100 * HOUR, { rejectedStatus: 401 }), NOW, WARN)).toMatchObject({
      status: 'expired',
      detail: 'rejected by server (401)',
    });
  });

  it('is static for API keys and missing without a credential', () => {
    const key: ProfileReading = {
      ...oauth(null),
      id: 'openai:env',
      type: 'api_key',
      credential: { profileId: 'openai:env', provider: 'openai', type: 'api_key', apiKey: 'k', expiresAt: null },
    };
    expect(profileStatus(key, NOW, WARN)).toMatchObject({ status: 'static', remainingMs: null, detail: null });
    expect(profileStatus(missingReading('anthropic:claude-cli', 'claude-cli', 'logged out'), NOW, WARN)).toMatchObject({
      status: 'missing',
      detail: 'logged out',
    });
    expect(profileStatus(oauth(null), NOW, WARN).status).toBe('missing');
  });
});

describe('honest health (issue 18)', () => {
  const claude = (expiresAt: number, extra: Partial<ProfileReading> = {}) =>
    oauth(expiresAt, {
      id: 'anthropic:claude-cli',
      provider: 'anthropic',
      source: 'claude-cli',
      refreshedBy: 'Claude Code',
      lifetimeMs: 8 * HOUR,
      ...extra,
    });

  it('warns within a quarter of a self-refreshed token’s lifetime when that is less than warnBefore', () => {
    // A fresh 8-hour Claude token is ok, not expiring from birth; within 2 h (8 h / 4) it is expiring.
    expect(profileStatus(claude(NOW + 7 * HOUR), NOW, WARN).status).toBe('ok');
    expect(profileStatus(claude(NOW + 2 * HOUR + 1), NOW, WARN).status).toBe('ok');
    expect(profileStatus(claude(NOW + 2 * HOUR), NOW, WARN).status).toBe('expiring');
    // A long-lived token keeps warnBefore (10 days / 4 > 24 h), and so does one nobody refreshes.
    expect(profileStatus(oauth(NOW + 20 * HOUR, { lifetimeMs: 240 * HOUR }), NOW, WARN).status).toBe('expiring');
    expect(profileStatus(claude(NOW + 7 * HOUR, { refreshable: false }), NOW, WARN).status).toBe('expiring');
    // The boundary moves with it.
    expect(nextStatusBoundary([claude(NOW + 7 * HOUR)], NOW, WARN)).toBe(NOW + 5 * HOUR);
  });

  it('describes an expired token its CLI refreshes on next use as such, still expired for the agent', () => {
    expect(profileStatus(claude(NOW - 2 * HOUR), NOW, WARN)).toEqual({
      status: 'expired',
      detail: 'token expired — Claude Code refreshes it on next use',
      remainingMs: -2 * HOUR,
      refreshable: true,
    });
    const view = toProfileView(claude(NOW - 2 * HOUR), NOW, WARN);
    expect(renewsOnUse(view)).toBe(true);
    expect(renewsOnUse(toProfileView(claude(NOW - 2 * HOUR, { rejectedStatus: 401 }), NOW, WARN))).toBe(false);
    expect(renewsOnUse(toProfileView(claude(NOW + HOUR), NOW, WARN))).toBe(false);
    // Who renews it, as the notification names it; nobody for a plain expiry.
    expect(renewerOf(view)).toBe('Claude Code');
    expect(renewerOf({ detail: 'token expired' })).toBeNull();
    expect(renewerOf({ detail: null })).toBeNull();
  });

  it('says which logins can also be finished on another device (a CLI device flag or the own device flow)', () => {
    expect(toProfileView(claude(NOW + 5 * HOUR), NOW, WARN)).not.toHaveProperty('deviceLogin');
    const codex = { ...claude(NOW + 5 * HOUR), id: 'openai-codex:codex-cli', provider: 'openai-codex' };
    expect(toProfileView(codex, NOW, WARN).deviceLogin).toBe(true);
  });

  it('a dead refresh token makes the profile not refreshable and says which fix', () => {
    const note = 'refresh failed: refresh_token_reused — log in again (run: codex login)';
    const dead = oauth(NOW - HOUR, { refreshedBy: 'Codex', note, refreshFailed: true });
    expect(profileStatus(dead, NOW, WARN)).toMatchObject({
      status: 'expired',
      detail: `token expired — ${note}`,
      refreshable: false,
    });
    expect(renewsOnUse(toProfileView(dead, NOW, WARN))).toBe(false);
    // Before expiry the full threshold applies again: nothing will renew it.
    expect(profileStatus({ ...dead, expiresAt: NOW + 20 * HOUR, lifetimeMs: 8 * HOUR }, NOW, WARN).status).toBe(
      'expiring',
    );
  });
});

describe('views and providers', () => {
  it('puts no secret in the view', () => {
    const view = toProfileView(oauth(NOW + HOUR, { email: 'dev@example.com' }), NOW, WARN);
    expect(JSON.stringify(view)).not.toContain('secret-access');
    expect(view).toMatchObject({
      status: 'expiring',
      expiresAt: new Date(NOW + HOUR).toISOString(),
      email: 'dev@example.com',
    });
  });

  it('says whether clawbar can renew the profile, as its provider declares (the Codex CLI in key mode too)', () => {
    const relogin = (id: string) => toProfileView(missingReading(id, 'x', 'absent'), NOW, WARN).relogin;
    expect(relogin('openai-codex:codex-cli')).toBe(true);
    expect(relogin('openai:codex-cli')).toBe(true);
    expect(relogin('openai-codex:default')).toBe(true);
    expect(relogin('anthropic:claude-cli')).toBe(true);
    expect(relogin('openai:env')).toBe(false);
    expect(relogin('mistral:default')).toBe(false);
  });

  it('knows the worst of some statuses', () => {
    expect(worstStatus(['ok', 'static', 'expiring'])).toBe('expiring');
    expect(worstStatus(['ok', 'missing'])).toBe('missing');
    expect(worstStatus(['missing', 'expired'])).toBe('expired');
    expect(worstStatus([])).toBe('missing');
  });

  it('heads a provider with the profile the agent uses, listing a dead fallback as a secondary problem', () => {
    // The own login (first in the default order) expired; the Codex CLI's login works for 1h 59m.
    const views = [
      toProfileView(oauth(NOW - HOUR, { id: 'openai-codex:default', source: 'clawbar' }), NOW, WARN),
      toProfileView(oauth(NOW + HOUR + 59 * 60_000), NOW, WARN),
    ];
    expect(providerViews(views)).toEqual([
      {
        provider: 'openai-codex',
        displayName: 'OpenAI Codex',
        shortName: 'Codex',
        status: 'expiring',
        usage: null,
        headline: {
          profileId: 'openai-codex:codex-cli',
          expiresAt: new Date(NOW + HOUR + 59 * 60_000).toISOString(),
          problems: ['openai-codex:default'],
        },
      },
    ]);
  });

  it('follows auth.order: the first usable profile heads, even when a later one is healthier', () => {
    const views = [
      toProfileView(oauth(NOW + 2 * HOUR, { id: 'openai-codex:default', source: 'clawbar' }), NOW, WARN),
      toProfileView(oauth(NOW + 100 * HOUR), NOW, WARN),
    ];
    expect(providerViews(views)[0]).toMatchObject({
      status: 'expiring',
      headline: { profileId: 'openai-codex:default', problems: [] },
    });
    const cliFirst = { 'openai-codex': ['openai-codex:codex-cli', 'openai-codex:default'] };
    expect(providerViews(views, {}, cliFirst)[0]).toMatchObject({
      status: 'ok',
      // The expiring own login is not in use, but it is listed: nothing is hidden.
      headline: { profileId: 'openai-codex:codex-cli', problems: ['openai-codex:default'] },
    });
  });

  it('follows the headroom pick with auth.strategy headroom, and names its account and tightest window', () => {
    const views = [
      toProfileView(oauth(NOW + 100 * HOUR), NOW, WARN),
      toProfileView(
        oauth(NOW + 100 * HOUR, { id: 'openai-codex:codex-cli@work', account: 'work', accountLabel: 'Work' }),
        NOW,
        WARN,
      ),
    ];
    const window = (label: string, left: number) => ({
      label,
      windowSeconds: label === '5h' ? 18000 : 604800,
      usedPercent: 100 - left,
      leftPercent: left,
      resetAt: null,
    });
    const reading = (
      windows: ReturnType<typeof window>[],
      limits?: { id: string; name: string; windows: ReturnType<typeof window>[] }[],
    ) => ({
      windows,
      ...(limits ? { limits } : {}),
      fetchedAt: null,
      stale: false,
      error: null,
    });
    const usage = {
      'openai-codex': reading(
        [window('5h', 10), window('Week', 70)],
        [{ id: 'codex_spark', name: 'GPT-5.3-Codex-Spark', windows: [window('5h', 90)] }],
      ),
      'openai-codex@work': reading(
        [window('5h', 60), window('Week', 40)],
        [{ id: 'codex_spark', name: 'GPT-5.3-Codex-Spark', windows: [window('5h', 5)] }],
      ),
    };
    // By order the CLI's default home heads; by headroom the account with the most left in its tightest window.
    expect(providerViews(views, usage)[0]!.headline).toEqual({
      profileId: 'openai-codex:codex-cli',
      expiresAt: new Date(NOW + 100 * HOUR).toISOString(),
      problems: [],
      window: window('5h', 10),
    });
    expect(providerViews(views, usage, {}, { strategy: 'headroom', now: NOW })[0]!.headline).toMatchObject({
      profileId: 'openai-codex:codex-cli@work',
      account: 'work',
      accountLabel: 'Work',
      window: window('Week', 40),
    });
    // The agent's model counts against a named limit: the headline ranks by it, and names it.
    const sparkAgent = { strategy: 'headroom' as const, now: NOW, agentModel: 'openai-codex/gpt-5.3-codex-spark' };
    expect(providerViews(views, usage, {}, sparkAgent)[0]!.headline).toMatchObject({
      profileId: 'openai-codex:codex-cli',
      window: window('5h', 90),
      limit: 'GPT-5.3-Codex-Spark',
    });
  });

  it('heads with the worst status when no profile is usable, every profile a problem', () => {
    const views = [
      toProfileView(missingReading('openai-codex:default', 'clawbar', 'not logged in with clawbar'), NOW, WARN),
      toProfileView(oauth(NOW - 1), NOW, WARN),
    ];
    expect(providerViews(views)[0]).toMatchObject({
      status: 'expired',
      headline: {
        profileId: null,
        expiresAt: null,
        problems: ['openai-codex:codex-cli', 'openai-codex:default'],
      },
    });
    expect(providerViews([], { anthropic: { windows: [], fetchedAt: null, stale: false, error: null } })).toEqual([
      expect.objectContaining({
        provider: 'anthropic',
        status: 'missing',
        headline: expect.objectContaining({ profileId: null }),
      }),
    ]);
  });

  it('heads a channel with the worst of its tokens: it needs all of them at once', () => {
    const token = (id: string, status: 'static' | 'expired'): ProfileView => ({
      ...toProfileView(oauth(null, { id, provider: 'slack', type: 'token', source: 'channel' }), NOW, WARN),
      status,
      detail: status === 'expired' ? 'rejected by Slack (invalid_auth)' : null,
      summary: status === 'expired' ? 'The server rejected this token.' : null,
    });
    expect(providerViews([token('slack:bot', 'static'), token('slack:app', 'expired')])[0]).toMatchObject({
      provider: 'slack',
      status: 'expired',
      headline: { profileId: null, problems: ['slack:app'] },
    });
  });

  it('words each problem as a sentence and names its fix, keeping the raw detail', () => {
    const rejected = toProfileView(oauth(NOW + 100 * HOUR, { rejectedStatus: 401 }), NOW, WARN);
    expect(rejected).toMatchObject({
      status: 'expired',
      detail: 'rejected by server (401)',
      summary: 'The server rejected this login.',
      fix: { kind: 'login', label: 'Re-login', command: 'clawbar relogin codex' },
    });
    const never = toProfileView(
      missingReading('openai-codex:codex-cli', 'codex-cli', 'not logged in to Codex (auth.json is absent)'),
      NOW,
      WARN,
    );
    expect(never).toMatchObject({
      summary: 'Not logged in.',
      fix: { kind: 'login', label: 'Log in', command: 'codex login' },
    });
    const refreshFailed = toProfileView(
      oauth(NOW + 100 * HOUR, {
        note: 'delegated refresh failed: codex app-server exited (code 2): error: unexpected argument',
      }),
      NOW,
      WARN,
    );
    expect(refreshFailed).toMatchObject({
      status: 'ok',
      detail: 'delegated refresh failed: codex app-server exited (code 2): error: unexpected argument',
      summary: "Couldn't refresh automatically.",
      fix: { kind: 'login', label: 'Re-login', command: 'clawbar relogin codex' },
    });
    const fine = toProfileView(oauth(NOW + 2 * HOUR), NOW, WARN);
    expect(fine).toMatchObject({ status: 'expiring', summary: null, fix: null });
  });

  it('finds the next instant a status changes by the clock alone', () => {
    expect(nextStatusBoundary([oauth(NOW + 30 * HOUR)], NOW, WARN)).toBe(NOW + 6 * HOUR);
    expect(nextStatusBoundary([oauth(NOW + 2 * HOUR)], NOW, WARN)).toBe(NOW + 2 * HOUR);
    expect(nextStatusBoundary([oauth(NOW - 1)], NOW, WARN)).toBeNull();
    expect(nextStatusBoundary([oauth(NOW + HOUR, { rejectedStatus: 401 })], NOW, WARN)).toBeNull();
  });
});
