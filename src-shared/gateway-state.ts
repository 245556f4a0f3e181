// The one client-side state of the gateway, for the dashboard, the popover and the tray alike:
// the last snapshot with every event applied to it in order, the logins in flight per profile,
// and how the connection is doing. Pure: actions in, state out.
//
// Sequence numbers: the gateway numbers the events of each connection 1, 2, 3, … after the
// `connect` snapshot. An event at or below the last applied number is a replay and is dropped.
// An event past a gap (some were lost: a frame the client could not read) is applied — every event
// but `usage.changed` carries its whole list — and `resyncNeeded` asks the session for a fresh
// `status`, whose snapshot replaces the one the missed events would have changed.
import type {
  EventName,
  EventPayloads,
  LoginMethod,
  LoginState,
  LoginView,
  ProviderView,
  Snapshot,
} from './protocol/index.js';

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

export interface GatewayState {
  connection: ConnectionState;
  snapshot: Snapshot | null;
  /** The newest login per profile id, including finished ones until dismissed. */
  logins: Record<string, LoginView>;
  /** The seq of the last event applied on this connection; 0 right after its snapshot. */
  seq: number;
  /** Events were missed (a gap in seq): the snapshot should be fetched again. */
  resyncNeeded: boolean;
}

export const initialGatewayState: GatewayState = {
  connection: { phase: 'connecting', attempt: 0, retryAt: null, error: null, connectedAt: null },
  snapshot: null,
  logins: {},
  seq: 0,
  resyncNeeded: false,
};

/** Any event as the wire delivers it, with its sequence number. */
export type GatewayEventAction = {
  [E in EventName]: { type: 'event'; event: E; payload: EventPayloads[E]; seq: number };
}[EventName];

export type GatewayAction =
  | { type: 'connection'; connection: Partial<ConnectionState> }
  /** `connect`'s snapshot (a new connection: seq starts again), or a `status` answer with `resync`. */
  | { type: 'snapshot'; snapshot: Snapshot; resync?: boolean }
  | { type: 'login.requested'; profileId: string; at: string; method?: LoginMethod }
  | { type: 'login.started'; profileId: string; loginId: string }
  | { type: 'login.failedToStart'; profileId: string; error: string }
  | { type: 'login.dismissed'; profileId: string }
  | GatewayEventAction;

/** A login that is starting or waiting for the browser; the others (succeeded, failed, cancelled) are finished. */
export function isLoginRunning(state: LoginState): boolean {
  return state === 'starting' || state === 'waiting';
}

/** How the login running in this view is finished (`browser` when it does not say); null when none runs. */
export function runningMethod(login: LoginView | undefined): LoginMethod | null {
  return login && isLoginRunning(login.state) ? (login.method ?? 'browser') : null;
}

function withSnapshot(
  state: GatewayState,
  patch: Partial<Pick<Snapshot, 'profiles' | 'providers' | 'channels' | 'hookFailures'>>,
): GatewayState {
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

function applyLoginProgress(state: GatewayState, progress: EventPayloads['login.progress']): GatewayState {
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
    ...(progress.method ? { method: progress.method } : {}),
    ...(progress.userCode ? { userCode: progress.userCode } : {}),
    ...(progress.expiresAt ? { expiresAt: progress.expiresAt } : {}),
    ...(progress.error ? { error: progress.error } : {}),
    ...(finished && !base.endedAt ? { endedAt: new Date().toISOString() } : {}),
  };
  return { ...state, logins: { ...state.logins, [progress.profileId]: next } };
}

/** What one event changes; events that carry no state (notify, chat, tick) change nothing. */
function applyEvent(state: GatewayState, action: GatewayEventAction): GatewayState {
  switch (action.event) {
    case 'auth.changed':
      return withSnapshot(state, { profiles: action.payload.profiles });
    case 'usage.changed':
      return withSnapshot(state, {
        providers: mergeProviders(state.snapshot?.providers ?? [], action.payload.providers),
      });
    case 'channels.changed':
      return withSnapshot(state, { channels: action.payload.channels });
    case 'hooks.failed':
      return withSnapshot(state, { hookFailures: action.payload.failures });
    case 'login.progress':
      return applyLoginProgress(state, action.payload);
    default:
      return state;
  }
}

export function gatewayReducer(state: GatewayState, action: GatewayAction): GatewayState {
  switch (action.type) {
    case 'connection':
      return { ...state, connection: { ...state.connection, ...action.connection } };
    case 'snapshot':
      return {
        ...state,
        snapshot: action.snapshot,
        logins: loginsFromSnapshot(action.snapshot, state.logins),
        seq: action.resync ? state.seq : 0,
        resyncNeeded: false,
      };
    case 'login.requested': {
      const current = state.logins[action.profileId];
      // A second click joins the running login (the gateway answers with the same id); the other
      // method replaces it (the gateway cancels the first), so its view starts afresh.
      const sameMethod = (current?.method ?? 'browser') === (action.method ?? 'browser');
      if (current && isLoginRunning(current.state) && sameMethod) return state;
      const pending: LoginView = {
        loginId: '',
        profileId: action.profileId,
        state: 'starting',
        ...(action.method ? { method: action.method } : {}),
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
    case 'event': {
      // Before the first snapshot there is nothing to apply to: that snapshot will hold it all.
      if (!state.snapshot || action.seq <= state.seq) return state;
      const gap = action.seq > state.seq + 1;
      return { ...applyEvent(state, action), seq: action.seq, resyncNeeded: state.resyncNeeded || gap };
    }
  }
}
