// The gateway protocol (DESIGN.md §6): frame, method and event types with their zod schemas, and
// a small typed client. Shared by the gateway, the CLI, the renderer, tests and the bench, so it
// imports nothing from Node.
import { z } from 'zod';

export const PROTOCOL_VERSION = 1;
export const MAX_FRAME_BYTES = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Domain views: what crosses the wire. None of them ever holds a token.

export const PROFILE_STATUSES = ['ok', 'expiring', 'expired', 'missing', 'static'] as const;
export type ProfileStatus = (typeof PROFILE_STATUSES)[number];
export type ProfileType = 'oauth' | 'token' | 'api_key';

/** One auth profile as `models status --json` and the gateway show it (DESIGN.md §7). */
export interface ProfileView {
  id: string;
  provider: string;
  type: ProfileType;
  /** Where the credential lives: `codex-cli`, `claude-cli`, `env`, `clawbar`, `keychain`. */
  source: string;
  status: ProfileStatus;
  expiresAt: string | null;
  remainingMs: number | null;
  email?: string;
  accountId?: string;
  plan?: string;
  refreshable: boolean;
  detail: string | null;
}

export interface UsageWindow {
  /** `5h`, `Day`, `Week`, `<n>h`, `<n>d`: named by length, never by slot. */
  label: string;
  windowSeconds: number;
  usedPercent: number;
  leftPercent: number;
  resetAt: string | null;
}

export interface ProviderUsage {
  windows: UsageWindow[];
  plan?: string;
  credits?: { hasCredits: boolean; unlimited: boolean; balance: string | null };
  fetchedAt: string | null;
  /** True when the last fetch failed and `windows` are from an earlier one (`fetchedAt` says when). */
  stale: boolean;
  error: string | null;
}

export interface ProviderView {
  provider: string;
  status: ProfileStatus;
  usage: ProviderUsage | null;
}

export type LoginState = 'starting' | 'waiting' | 'succeeded' | 'failed' | 'cancelled';

export interface LoginView {
  loginId: string;
  profileId: string;
  state: LoginState;
  url?: string;
  deviceCode?: string;
  /** The child's output so far (last lines only), secrets redacted. */
  lines: string[];
  error?: string;
  startedAt: string;
  endedAt?: string;
}

export interface ChannelView {
  id: string;
  enabled: boolean;
  state: 'disabled' | 'connecting' | 'connected' | 'error';
  botUserId?: string;
  botTag?: string;
  detail: string | null;
}

export interface GatewayInfo {
  name: string;
  version: string;
  pid: number;
  port: number;
  startedAt: string;
  agentModel: string;
}

/** The `status` method's answer and the `connect` snapshot. */
export interface Snapshot {
  generatedAt: string;
  warnBeforeMs: number;
  gateway: GatewayInfo;
  profiles: ProfileView[];
  providers: ProviderView[];
  channels: ChannelView[];
  logins: LoginView[];
}

export interface ModelView {
  key: string;
  provider: string;
  name: string;
  input: string[];
  contextWindow: number;
  local: boolean;
  auth: ProfileStatus;
  tags: string[];
}

/**
 * Settings the dashboard reads through `config.get`. Only {@link CONFIG_SET_KEYS} can be changed
 * through `config.set`; the login commands are shown, never changed, over the gateway.
 */
export interface SettingsView {
  warnBefore: string;
  notifyExpiring: string[];
  notifyUsageUsedPercent: number[];
  usageRefresh: string;
  codexCommand: string;
  codexArgs: string[];
  claudeCommand: string;
  claudeArgs: string[];
  agentModel: string;
}

export type NotifyLevel = 'info' | 'warning' | 'critical';
export interface NotifyEvent {
  id: string;
  level: NotifyLevel;
  title: string;
  body: string;
  profileId?: string;
  /** What a click does: `relogin` starts the re-login of `profileId`. */
  action?: 'relogin';
}

// ---------------------------------------------------------------------------------------------
// Methods: params schema and result type for each.

/** The settings `config.set` may change. */
export const CONFIG_SET_KEYS = ['warnBefore', 'notifyExpiring', 'notifyUsageUsedPercent', 'usageRefresh'] as const;

export const methodParams = {
  connect: z.object({
    auth: z.object({ token: z.string() }).optional(),
    client: z.object({ name: z.string(), version: z.string().optional() }).optional(),
  }),
  health: z.object({}).optional(),
  status: z.object({}).optional(),
  'auth.list': z.object({}).optional(),
  'auth.refresh': z.object({ profileId: z.string().optional(), delegate: z.boolean().optional() }).optional(),
  'auth.login.start': z.object({ profileId: z.string() }),
  'auth.login.cancel': z.object({ loginId: z.string() }),
  'usage.refresh': z.object({ provider: z.string().optional() }).optional(),
  'models.list': z.object({ all: z.boolean().optional() }).optional(),
  'channels.status': z.object({}).optional(),
  'chat.send': z.object({ sessionKey: z.string().min(1), message: z.string().min(1) }),
  'config.get': z.object({}).optional(),
  // An allow-list: any other key is refused. Whoever holds the token must not be able to choose a
  // program clawbar runs, so login commands and their arguments are set in config.json only.
  'config.set': z.strictObject(
    {
      warnBefore: z.string().optional(),
      notifyExpiring: z.array(z.string()).optional(),
      notifyUsageUsedPercent: z.array(z.number()).optional(),
      usageRefresh: z.string().optional(),
    },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `cannot be changed over the gateway (config.set takes only ${CONFIG_SET_KEYS.join(', ')}; login commands are set in config.json)`
          : undefined,
    },
  ),
} as const;

export type MethodName = keyof typeof methodParams;
export const METHODS = Object.keys(methodParams) as MethodName[];
export type MethodParams<M extends MethodName> = z.input<(typeof methodParams)[M]>;

export interface ConnectResult {
  protocol: number;
  server: { name: string; version: string; pid: number };
  methods: MethodName[];
  events: EventName[];
  snapshot: Snapshot;
}

export interface MethodResults {
  connect: ConnectResult;
  health: { ok: true; version: string; uptimeMs: number };
  status: Snapshot;
  'auth.list': { profiles: ProfileView[] };
  'auth.refresh': { profiles: ProfileView[] };
  'auth.login.start': { loginId: string };
  'auth.login.cancel': { cancelled: boolean };
  'usage.refresh': { providers: ProviderView[] };
  'models.list': { models: ModelView[] };
  'channels.status': { channels: ChannelView[] };
  'chat.send': { runId: string };
  'config.get': { settings: SettingsView; path: string };
  'config.set': { settings: SettingsView };
}

// ---------------------------------------------------------------------------------------------
// Events.

export interface EventPayloads {
  'auth.changed': { profiles: ProfileView[] };
  'usage.changed': { providers: ProviderView[] };
  'login.progress': {
    loginId: string;
    profileId: string;
    state: LoginState;
    url?: string;
    deviceCode?: string;
    line?: string;
    error?: string;
  };
  notify: NotifyEvent;
  chat: { runId: string; sessionKey: string; state: 'delta' | 'final' | 'error'; text: string };
  'channels.changed': { channels: ChannelView[] };
  tick: { ts: number };
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
];

// ---------------------------------------------------------------------------------------------
// Frames.

export const ERROR_CODES = ['UNAUTHORIZED', 'INVALID_REQUEST', 'NOT_FOUND', 'UNAVAILABLE', 'INTERNAL'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const requestFrameSchema = z.object({
  type: z.literal('req'),
  id: z.string().min(1).max(128),
  method: z.string().min(1).max(128),
  params: z.record(z.string(), z.unknown()).optional(),
});
export type RequestFrame = z.infer<typeof requestFrameSchema>;

export interface OkResponseFrame {
  type: 'res';
  id: string;
  ok: true;
  payload: unknown;
}
export interface ErrorResponseFrame {
  type: 'res';
  id: string | null;
  ok: false;
  error: { code: ErrorCode; message: string };
}
export type ResponseFrame = OkResponseFrame | ErrorResponseFrame;
export interface EventFrame {
  type: 'event';
  event: string;
  payload: unknown;
  seq: number;
}
export type ServerFrame = ResponseFrame | EventFrame;

export const serverFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('res'),
    id: z.string().nullable(),
    ok: z.boolean(),
    payload: z.unknown().optional(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown(), seq: z.number() }),
]);

// ---------------------------------------------------------------------------------------------
// Client.

/**
 * Where a client's WebSocket goes (`ws://127.0.0.1:18789/ws`) and the token that opens it: what
 * the Electron preload's `getGatewayConnection()` hands the renderer.
 */
export interface GatewayConnectionInfo {
  url: string;
  token: string;
}

/** The subset of the WebSocket API the client needs: the browser's, or `ws` in Node. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
}
export type WebSocketFactory = (url: string) => WebSocketLike;

/** A request that the gateway answered with `ok: false`. */
export class GatewayError extends Error {
  override name = 'GatewayError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Listener<E extends EventName> = (payload: EventPayloads[E], seq: number) => void;

export interface GatewayClientOptions {
  url: string;
  token: string;
  createSocket: WebSocketFactory;
  clientName?: string;
  /** Per-request timeout; default 15 s. */
  timeoutMs?: number;
  /**
   * Runs before every socket is opened and must reject unless the gateway proved it holds the
   * token (`verifyGateway` of gateway-proof.ts), so a reconnect never hands the token to a
   * program that took the port meanwhile.
   */
  verify?: () => Promise<unknown>;
}

/**
 * One connection to the gateway: `connect()` opens the socket and authenticates, `request()`
 * sends a typed method call, `on()` subscribes to events. Reconnection is the caller's policy.
 */
export class GatewayClient {
  private socket: WebSocketLike | null = null;
  private nextId = 1;
  private readonly pending = new Map<
    string,
    { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: ReturnType<typeof setTimeout> }
  >();
  private readonly listeners = new Map<string, Set<(payload: unknown, seq: number) => void>>();
  private closeListeners = new Set<(code: number, reason: string) => void>();

  constructor(private readonly options: GatewayClientOptions) {}

  /** Opens the socket and sends `connect`; resolves with the server's hello and snapshot. */
  async connect(): Promise<ConnectResult> {
    await this.options.verify?.();
    const socket = this.options.createSocket(this.options.url);
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.onopen = () => resolve();
      socket.onerror = () => reject(new GatewayError('UNAVAILABLE', `cannot reach the gateway at ${this.options.url}`));
      socket.onclose = (event) =>
        reject(new GatewayError('UNAVAILABLE', `gateway closed the connection (${event.code} ${event.reason})`.trim()));
    });
    socket.onerror = null;
    socket.onmessage = (event) => this.handleMessage(event.data);
    socket.onclose = (event) => {
      for (const entry of this.pending.values()) {
        clearTimeout(entry.timer);
        entry.reject(new GatewayError('UNAVAILABLE', `gateway connection closed (${event.code})`));
      }
      this.pending.clear();
      for (const listener of this.closeListeners) listener(event.code, event.reason);
    };
    return this.request('connect', {
      auth: { token: this.options.token },
      client: { name: this.options.clientName ?? 'clawbar-client' },
    });
  }

  /** Sends one method call; rejects with a GatewayError when the gateway answers `ok: false`. */
  request<M extends MethodName>(method: M, params?: MethodParams<M>): Promise<MethodResults[M]> {
    const socket = this.socket;
    if (!socket || socket.readyState !== 1) {
      return Promise.reject(new GatewayError('UNAVAILABLE', 'not connected to the gateway'));
    }
    const id = String(this.nextId++);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new GatewayError('UNAVAILABLE', `${method} timed out`));
      }, this.options.timeoutMs ?? 15_000);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      socket.send(JSON.stringify({ type: 'req', id, method, ...(params ? { params } : {}) }));
    });
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: Listener<E>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const wrapped = listener as (payload: unknown, seq: number) => void;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  /** Called once when the socket closes after a successful connect. */
  onClose(listener: (code: number, reason: string) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(code = 1000): void {
    this.socket?.close(code);
    this.socket = null;
  }

  private handleMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let parsed: z.infer<typeof serverFrameSchema>;
    try {
      parsed = serverFrameSchema.parse(JSON.parse(data));
    } catch {
      return; // A frame we cannot read is dropped; the gateway never sends one.
    }
    if (parsed.type === 'event') {
      for (const listener of this.listeners.get(parsed.event) ?? []) listener(parsed.payload, parsed.seq);
      return;
    }
    if (parsed.id === null) return;
    const entry = this.pending.get(parsed.id);
    if (!entry) return;
    this.pending.delete(parsed.id);
    clearTimeout(entry.timer);
    if (parsed.ok) entry.resolve(parsed.payload);
    else entry.reject(new GatewayError(parsed.error?.code ?? 'INTERNAL', parsed.error?.message ?? 'request failed'));
  }
}
