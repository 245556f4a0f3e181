// Gateway events (DESIGN.md §6): the payload of each, and the list the server announces.
import type {
  ChannelView,
  HookFailureView,
  LoginMethod,
  LoginState,
  NotifyEvent,
  ProfileView,
  ProviderView,
} from './views.js';

export interface EventPayloads {
  'auth.changed': { profiles: ProfileView[] };
  'usage.changed': { providers: ProviderView[] };
  'login.progress': {
    loginId: string;
    profileId: string;
    state: LoginState;
    method?: LoginMethod;
    url?: string;
    /** Device logins: the one-time code and when it expires (ISO). */
    userCode?: string;
    expiresAt?: string;
    line?: string;
    error?: string;
  };
  notify: NotifyEvent;
  chat: { runId: string; sessionKey: string; state: 'delta' | 'final' | 'error'; text: string };
  'channels.changed': { channels: ChannelView[] };
  tick: { ts: number };
  /** A hook failed (issue 18): the last failures, newest last, as `Snapshot.hookFailures` holds them. */
  'hooks.failed': { failures: HookFailureView[] };
}
export type EventName = keyof EventPayloads;
export const EVENTS: EventName[] = [
  'auth.changed',
  'usage.changed',
  'login.progress',
  'notify',
  'chat',
  'channels.changed',
  'tick',
  'hooks.failed',
];
