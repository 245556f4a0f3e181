// The dashboard's view of the gateway: the last snapshot with every event applied to it, the
// logins in flight per profile, and how the connection is doing. Pure: events in, state out.
import {
  type ChannelView,
  type EventPayloads,
  type LoginView,
  type ProfileView,
  type ProviderView,
  type Snapshot,
} from '../../src-shared/protocol/index';
import { isLoginRunning } from '../lib/relogin';

/** Output lines kept per login: enough to read the error, never unbounded. */
export const MAX_LOGIN_LINES = 40;

export type ConnectionPhase =
  /** No token: the page was opened without the `#token=` link. */
  | 'no-token'
  | 'connecting'
  | 'connected'
  /** Lost or never reached; `retryAt` says when the next attempt goes. */
  | 'disconnected'
  /** The gateway refused the token: retrying would not help. */
  | 'unauthorized';

export interface ConnectionState {
  phase: ConnectionPhase;
  /** Failed attempts since the last successful connect. */
  attempt: number;
  retryAt: number | null;
  error: string | null;
  /** When the connection last came up (ms); null before the first success. */
  connectedAt: number | null;
}

export interface DashboardState {
  connection: ConnectionState;
  snapshot: Snapshot | null;
  /** The newest login per profile id, including finished ones until dismissed. */
  logins: Record<string, LoginView>;
}

export const initialState: DashboardState = {
  connection: { phase: 'connecting', attempt: 0, retryAt: null, error: null, connectedAt: null },
  snapshot: null,
  logins: {},
};

export type DashboardAction =
  | { type: 'connection'; connection: Partial<ConnectionState> }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'login.requested'; profileId: string; at: string }
  | { type: 'login.started'; profileId: string; loginId: string }
  | { type: 'login.failedToStart'; profileId: string; error: string }
  | { type: 'login.dismissed'; profileId: string }
  | { type: 'event'; event: 'auth.changed'; payload: EventPayloads['auth.changed'] }
  | { type: 'event'; event: 'usage.changed'; payload: EventPayloads['usage.changed'] }
  | { type: 'event'; event: 'channels.changed'; payload: EventPayloads['channels.changed'] }
  | { type: 'event'; event: 'login.progress'; payload: EventPayloads['login.progress'] };

function withSnapshot(
  state: DashboardState,
  patch: { profiles?: ProfileView[]; providers?: ProviderView[]; channels?: ChannelView[] },
): DashboardState {
  if (!state.snapshot) return state;
  return { ...state, snapshot: { ...state.snapshot, ...patch } };
}

/** `usage.changed` may carry only the providers that changed: replace those, keep the rest. */
function mergeProviders(previous: ProviderView[], changed: ProviderView[]): ProviderView[] {
  const byName = new Map(previous.map((p) => [p.provider, p]));
  for (const provider of changed) byName.set(provider.provider, provider);
  return [...byName.values()];
}

function loginsFromSnapshot(snapshot: Snapshot, previous: Record<string, LoginView>): Record<string, LoginView> {
  const logins: Record<string, LoginView> = {};
  // Keep finished logins the user has not dismissed yet; the gateway may have forgotten them.
  for (const [profileId, login] of Object.entries(previous)) {
    if (!isLoginRunning(login.state)) {
      logins[profileId] = login;
    }
  }
  const newestFirst = [...snapshot.logins].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
  for (const login of newestFirst) {
    if (!logins[login.profileId] || logins[login.profileId]?.loginId === login.loginId) {
      logins[login.profileId] = { ...login, lines: login.lines.slice(-MAX_LOGIN_LINES) };
    }
  }
  return logins;
}

function applyLoginProgress(state: DashboardState, progress: EventPayloads['login.progress']): DashboardState {
  const current = state.logins[progress.profileId];
  const sameLogin = current && (current.loginId === progress.loginId || current.loginId === '');
  const base: LoginView = sameLogin
    ? current
    : {
        loginId: progress.loginId,
        profileId: progress.profileId,
        state: progress.state,
        lines: [],
        startedAt: new Date().toISOString(),
      };
  const finished = !isLoginRunning(progress.state);
  const next: LoginView = {
    ...base,
    loginId: progress.loginId,
    state: progress.state,
    lines: progress.line ? [...base.lines, progress.line].slice(-MAX_LOGIN_LINES) : base.lines,
    ...(progress.url ? { url: progress.url } : {}),
    ...(progress.deviceCode ? { deviceCode: progress.deviceCode } : {}),
    ...(progress.error ? { error: progress.error } : {}),
    ...(finished && !base.endedAt ? { endedAt: new Date().toISOString() } : {}),
  };
  return { ...state, logins: { ...state.logins, [progress.profileId]: next } };
}

export function dashboardReducer(state: DashboardState, action: DashboardAction): DashboardState {
  switch (action.type) {
    case 'connection':
      return { ...state, connection: { ...state.connection, ...action.connection } };
    case 'snapshot':
      return { ...state, snapshot: action.snapshot, logins: loginsFromSnapshot(action.snapshot, state.logins) };
    case 'login.requested': {
      const current = state.logins[action.profileId];
      // A second click joins the running login (the gateway answers with the same id).
      if (current && isLoginRunning(current.state)) return state;
      const pending: LoginView = {
        loginId: '',
        profileId: action.profileId,
        state: 'starting',
        lines: [],
        startedAt: action.at,
      };
      return { ...state, logins: { ...state.logins, [action.profileId]: pending } };
    }
    case 'login.started': {
      const current = state.logins[action.profileId];
      if (!current || (current.loginId && current.loginId !== action.loginId)) return state;
      return { ...state, logins: { ...state.logins, [action.profileId]: { ...current, loginId: action.loginId } } };
    }
    case 'login.failedToStart': {
      const current = state.logins[action.profileId];
      const failed: LoginView = {
        loginId: current?.loginId ?? '',
        profileId: action.profileId,
        state: 'failed',
        lines: current?.lines ?? [],
        error: action.error,
        startedAt: current?.startedAt ?? new Date().toISOString(),
        endedAt: new Date().toISOString(),
      };
      return { ...state, logins: { ...state.logins, [action.profileId]: failed } };
    }
    case 'login.dismissed': {
      const { [action.profileId]: _dropped, ...rest } = state.logins;
      return { ...state, logins: rest };
    }
    case 'event':
      switch (action.event) {
        case 'auth.changed':
          return withSnapshot(state, { profiles: action.payload.profiles });
        case 'usage.changed':
          return withSnapshot(state, {
            providers: mergeProviders(state.snapshot?.providers ?? [], action.payload.providers),
          });
        case 'channels.changed':
          return withSnapshot(state, { channels: action.payload.channels });
        case 'login.progress':
          return applyLoginProgress(state, action.payload);
      }
  }
}
