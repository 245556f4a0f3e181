import { describe, expect, it } from 'vitest';

import { profileView, usage } from '../../../test/fixtures/views.js';

import { createHookEventSource } from './hook-events.js';
import { emptyMemory, evaluateNotifications, loginNotification, type NotifyMemory } from './policy.js';

import type { ChannelView, NotifyEvent, ProfileView } from '../../../src-shared/protocol/index.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 29, 22);
const thresholds = { expiringMs: [24 * HOUR, HOUR], usageUsedPercent: [80, 95] };

/** Runs the real notification policy, so the ids the mapping reads are the ones it really makes. */
function notify(memory: NotifyMemory, input: { profiles?: ProfileView[]; windows?: number[]; resetAt?: string }) {
  const providers = input.windows
    ? [
        {
          provider: 'anthropic',
          usage: usage({
            windows: input.windows.map((usedPercent) => ({
              label: '5h',
              windowSeconds: 18_000,
              usedPercent,
              leftPercent: 100 - usedPercent,
              resetAt: input.resetAt ?? new Date(NOW + HOUR).toISOString(),
            })),
          }),
        },
      ]
    : undefined;
  return evaluateNotifications(memory, {
    ...(input.profiles ? { profiles: input.profiles } : {}),
    ...(providers ? { providers } : {}),
    now: NOW,
    thresholds,
  });
}

describe('hook events from the gateway events', () => {
  it('follows the notifier: profile.expiring and profile.expired once each, with the profile fields', () => {
    const source = createHookEventSource();
    const expiring = profileView({
      id: 'openai-codex:codex-cli',
      status: 'expiring',
      expiresAt: new Date(NOW + 30 * 60_000).toISOString(),
      remainingMs: 30 * 60_000,
    });
    expect(source.observe('auth.changed', { profiles: [expiring] })).toEqual([]);
    const first = notify(emptyMemory(), { profiles: [expiring] });
    const fires = first.events.flatMap((event) => source.observe('notify', event));
    expect(fires).toEqual([
      {
        event: 'profile.expiring',
        fields: {
          profileId: 'openai-codex:codex-cli',
          provider: 'openai-codex',
          status: 'expiring',
          expiresAt: expiring.expiresAt,
          detail: null,
        },
      },
    ]);
    // A login nobody renews (a token its CLI refreshes on use is no dead login: policy.test.ts).
    const expired = {
      ...expiring,
      status: 'expired' as const,
      detail: 'token expired',
      remainingMs: -1,
      refreshable: false,
    };
    source.observe('auth.changed', { profiles: [expired] });
    const second = notify(first.memory, { profiles: [expired] });
    expect(second.events.flatMap((event) => source.observe('notify', event))).toMatchObject([
      { event: 'profile.expired', fields: { profileId: 'openai-codex:codex-cli', status: 'expired' } },
    ]);
    // Nothing new, nothing fired: the notifier's memory is the hook's.
    expect(notify(second.memory, { profiles: [expired] }).events).toEqual([]);
  });

  it('fires profile.restored when a dead login comes back, however it came back', () => {
    const source = createHookEventSource();
    const dead = profileView({ id: 'anthropic:claude-cli', source: 'claude-cli', status: 'expired' });
    source.observe('auth.changed', { profiles: [dead] });
    const back = { ...dead, status: 'ok' as const, expiresAt: new Date(NOW + 8 * HOUR).toISOString() };
    expect(source.observe('auth.changed', { profiles: [back] })).toEqual([
      {
        event: 'profile.restored',
        fields: {
          profileId: 'anthropic:claude-cli',
          provider: 'anthropic',
          status: 'ok',
          expiresAt: back.expiresAt,
          detail: null,
        },
      },
    ]);
    expect(source.observe('auth.changed', { profiles: [back] })).toEqual([]);
  });

  it('maps usage.low, usage.reset and login.failed from their notifications', () => {
    const source = createHookEventSource();
    const low = notify(emptyMemory(), { windows: [96] });
    expect(low.events.flatMap((event) => source.observe('notify', event))).toEqual([
      {
        event: 'usage.low',
        fields: {
          provider: 'anthropic',
          account: null,
          window: '5h',
          limit: null,
          limitName: null,
          title: 'Claude 5h window 95% used',
          body: expect.any(String),
        },
      },
    ]);
    const reset = notify(low.memory, { windows: [3], resetAt: new Date(NOW + 6 * HOUR).toISOString() });
    expect(reset.events.flatMap((event) => source.observe('notify', event))).toMatchObject([
      { event: 'usage.reset', fields: { provider: 'anthropic', window: '5h' } },
    ]);
    // The usage-pace warning (issue 19) is a notification whose id starts `pace|<provider>|<window>|`.
    const pace: NotifyEvent = {
      id: 'pace|anthropic|7d|1796000000000',
      level: 'warning',
      title: 'Claude 7d window runs out early',
      body: 'At this pace the 7d window runs out in 2d 3h, 1d before it resets.',
    };
    expect(source.observe('notify', pace)).toEqual([
      {
        event: 'usage.pace',
        fields: {
          provider: 'anthropic',
          account: null,
          window: '7d',
          limit: null,
          limitName: null,
          title: pace.title,
          body: pace.body,
        },
      },
    ]);
    // An account's window (issue 17) names `<provider>@<account>`: the hook gets both apart.
    const accountPace: NotifyEvent = { ...pace, id: 'pace|openai-codex@work|5h|1796000000000' };
    expect(source.observe('notify', accountPace)).toEqual([
      {
        event: 'usage.pace',
        fields: {
          provider: 'openai-codex',
          account: 'work',
          window: '5h',
          limit: null,
          limitName: null,
          title: pace.title,
          body: pace.body,
        },
      },
    ]);
    const failed = loginNotification({
      loginId: 'login-claude-1',
      profileId: 'anthropic:claude-cli',
      state: 'failed',
      error: 'Login was not completed',
    }) as NotifyEvent;
    expect(source.observe('notify', failed)).toEqual([
      {
        event: 'login.failed',
        fields: { profileId: 'anthropic:claude-cli', provider: 'anthropic', error: 'Login was not completed' },
      },
    ]);
    const succeeded = loginNotification({
      loginId: 'login-claude-2',
      profileId: 'anthropic:claude-cli',
      state: 'succeeded',
    });
    expect(source.observe('notify', succeeded)).toEqual([]);
  });

  it('names a named limit in usage.low, and maps all-exhausted and account switches (issue 17)', () => {
    const source = createHookEventSource();
    const window = (usedPercent: number) => ({
      label: '5h',
      windowSeconds: 18_000,
      usedPercent,
      leftPercent: 100 - usedPercent,
      resetAt: new Date(NOW + HOUR).toISOString(),
    });
    const limits = [{ id: 'codex|spark', name: 'GPT-5.3-Codex-Spark', windows: [window(100)] }];
    const low = evaluateNotifications(emptyMemory(), {
      providers: [
        {
          provider: 'openai-codex',
          usage: usage({ windows: [window(10)] }),
          accounts: [{ id: 'work', label: 'Work', usage: usage({ windows: [window(10)], limits }) }],
        },
      ],
      now: NOW,
      thresholds,
    });
    expect(low.events.map((e) => e.title)).toEqual(['Codex (Work) GPT-5.3-Codex-Spark 5h window 95% used']);
    expect(low.events.flatMap((event) => source.observe('notify', event))).toEqual([
      {
        event: 'usage.low',
        fields: {
          provider: 'openai-codex',
          account: 'work',
          window: '5h',
          limit: 'codex|spark',
          limitName: 'GPT-5.3-Codex-Spark',
          title: 'Codex (Work) GPT-5.3-Codex-Spark 5h window 95% used',
          body: 'Codex (Work): GPT-5.3-Codex-Spark 5h 0% left, resets in 1h 0m.',
        },
      },
    ]);
    const exhausted: NotifyEvent = {
      id: 'exhausted|openai-codex|1796000000000',
      level: 'critical',
      title: 't',
      body: 'b',
    };
    expect(source.observe('notify', exhausted)).toEqual([
      { event: 'usage.exhausted', fields: { provider: 'openai-codex', title: 't', body: 'b' } },
    ]);
    const switched: NotifyEvent = {
      id: 'switch|openai-codex|openai-codex:codex-cli|openai-codex:codex-cli@work|1796000000000',
      level: 'warning',
      title: 'Codex switched to Work',
      body: "The default login's 5h window is used up.",
    };
    expect(source.observe('notify', switched)).toEqual([
      {
        event: 'account.switched',
        fields: {
          provider: 'openai-codex',
          from: 'openai-codex:codex-cli',
          to: 'openai-codex:codex-cli@work',
          profileId: 'openai-codex:codex-cli@work',
          title: switched.title,
          body: switched.body,
        },
      },
    ]);
  });

  it('fires channel.down when a channel that was up fails, not at first sight nor while it stays down', () => {
    const source = createHookEventSource();
    const channel = (state: ChannelView['state'], detail: string | null = null): ChannelView => ({
      id: 'discord',
      enabled: true,
      state,
      detail,
    });
    expect(source.observe('channels.changed', { channels: [channel('error', 'bad token')] })).toEqual([]);
    source.observe('channels.changed', { channels: [channel('connected')] });
    expect(source.observe('channels.changed', { channels: [channel('error', 'gateway closed (4004)')] })).toEqual([
      { event: 'channel.down', fields: { channel: 'discord', state: 'error', detail: 'gateway closed (4004)' } },
    ]);
    expect(source.observe('channels.changed', { channels: [channel('error', 'still closed')] })).toEqual([]);
  });
});
