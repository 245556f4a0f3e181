// Which hook events the gateway's own events mean (hooks.ts runs them). Logins and usage windows
// go through the notifier's decisions, so a hook fires exactly when (and as often as) the
// notification does, with the same memory across restarts: the `notify` ids are policy.ts's keys
// (`expiring|<profile>|…`, `expired|<profile>|…`, `usage|<provider>|<window>|…`,
// `usage-reset|<provider>|<window>|…`, `login|<loginId>|failed`; and `pace|<provider>|<window>|…`
// for the usage-pace warning, issue 19: a notification with that id fires `usage.pace`). An
// account's windows carry `<provider>@<account>` in place of `<provider>`, and a named limit's
// window `<limit id>:<label>` in place of `<label>` (issue 17); `exhausted|<provider>|…` fires
// `usage.exhausted` and `switch|<provider>|<from>|<to>|…` `account.switched`. A login coming back to life and a
// channel going down have no notification: they are read from `auth.changed` and `channels.changed`.
import type {
  ChannelView,
  EventName,
  EventPayloads,
  NotifyEvent,
  ProfileView,
} from '../../../src-shared/protocol/index.js';
import type { HookEvent, HookFields } from './hooks.js';

export interface HookFire {
  event: HookEvent;
  fields: HookFields;
}

export interface HookEventSource {
  /** The hook events one gateway event means (none for most). */
  observe(event: EventName, payload: unknown): HookFire[];
}

const USAGE_EVENTS = { usage: 'usage.low', 'usage-reset': 'usage.reset', pace: 'usage.pace' } as const;
const DEAD: ReadonlySet<ProfileView['status']> = new Set(['expired', 'missing']);
const ALIVE: ReadonlySet<ProfileView['status']> = new Set(['ok', 'expiring', 'static']);

function profileFields(profileId: string, profile: ProfileView | undefined): HookFields {
  return {
    profileId,
    provider: profile?.provider ?? profileId.split(':')[0] ?? profileId,
    status: profile?.status ?? null,
    expiresAt: profile?.expiresAt ?? null,
    detail: profile?.detail ?? null,
  };
}

/** Creates the mapping; it remembers the last profiles and channels to see transitions. */
export function createHookEventSource(): HookEventSource {
  const profiles = new Map<string, ProfileView>();
  const channels = new Map<string, ChannelView['state']>();

  const fromNotify = (notify: NotifyEvent): HookFire[] => {
    const [kind, first, second] = notify.id.split('|');
    if (!first) return [];
    switch (kind) {
      case 'expiring':
      case 'expired':
        return [{ event: `profile.${kind}`, fields: profileFields(first, profiles.get(first)) }];
      case 'usage':
      case 'usage-reset':
      case 'pace': {
        // `<provider>@<account>` for an account's window (issue 17); a bare provider is its default login.
        const at = first.indexOf('@');
        const provider = at === -1 ? first : first.slice(0, at);
        const account = at === -1 ? null : first.slice(at + 1);
        // `<limit id>:<label>` for a named limit's window (policy.ts windowSlot).
        const colon = second?.lastIndexOf(':') ?? -1;
        const window = second === undefined ? null : colon === -1 ? second : second.slice(colon + 1);
        const limit = notify.limit ?? null;
        return [
          {
            event: USAGE_EVENTS[kind],
            fields: {
              provider,
              account,
              window,
              limit: limit?.id ?? null,
              limitName: limit?.name ?? null,
              title: notify.title,
              body: notify.body,
            },
          },
        ];
      }
      case 'exhausted':
        return [{ event: 'usage.exhausted', fields: { provider: first, title: notify.title, body: notify.body } }];
      case 'switch': {
        const [, , from = null, to = null] = notify.id.split('|');
        return [
          {
            event: 'account.switched',
            fields: { provider: first, from, to, profileId: to, title: notify.title, body: notify.body },
          },
        ];
      }
      case 'login': {
        if (second !== 'failed' || !notify.profileId) return [];
        const profileId = notify.profileId;
        return [
          {
            event: 'login.failed',
            fields: { profileId, provider: profileId.split(':')[0] ?? profileId, error: notify.body },
          },
        ];
      }
      default:
        return [];
    }
  };

  const fromProfiles = (next: ProfileView[]): HookFire[] => {
    const fires: HookFire[] = [];
    for (const profile of next) {
      const before = profiles.get(profile.id);
      if (before && DEAD.has(before.status) && ALIVE.has(profile.status)) {
        fires.push({ event: 'profile.restored', fields: profileFields(profile.id, profile) });
      }
    }
    profiles.clear();
    for (const profile of next) profiles.set(profile.id, profile);
    return fires;
  };

  const fromChannels = (next: ChannelView[]): HookFire[] => {
    const fires: HookFire[] = [];
    for (const channel of next) {
      const before = channels.get(channel.id);
      // Down: an enabled channel that was up (or coming up) now fails; a first sight is no transition.
      if (before !== undefined && before !== 'error' && before !== 'disabled' && channel.state === 'error') {
        fires.push({
          event: 'channel.down',
          fields: { channel: channel.id, state: channel.state, detail: channel.detail },
        });
      }
      channels.set(channel.id, channel.state);
    }
    return fires;
  };

  return {
    observe(event, payload) {
      if (event === 'notify') return fromNotify(payload as NotifyEvent);
      if (event === 'auth.changed') return fromProfiles((payload as EventPayloads['auth.changed']).profiles);
      if (event === 'channels.changed') return fromChannels((payload as EventPayloads['channels.changed']).channels);
      return [];
    },
  };
}
