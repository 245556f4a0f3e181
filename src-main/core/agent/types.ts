// The agent's public face: what the gateway (`chat.send`, `models.list`) and the channels
// (Discord) code against. src-main/core/agent implements it with `createAgent` (agent.ts).
import type { EventPayloads, ModelView, ProviderUsage } from '../../../src-shared/protocol/index.js';
import type { AuthEngine } from '../auth/types.js';
import type { Endpoints, Env } from '../config/paths.js';
import type { Config } from '../config/schema.js';
import type { AgentTurn } from '../usage/history/types.js';
import type { Cooldown } from './cooldowns.js';
import type { Decision } from './decision-log.js';
import type { ProviderCatalog } from './live-catalog.js';

/** One `chat` event as the gateway broadcasts it (DESIGN.md §6): delta, final or error. */
export type ChatEvent = EventPayloads['chat'];

/** One turn half kept in a session. */
export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface SendRequest {
  /** One conversation per (channel, conversation id), e.g. `discord:dm:<user id>` or the dashboard's key. */
  sessionKey: string;
  message: string;
  /** Chosen by the caller when it must answer with the id before the run ends; random otherwise. */
  runId?: string;
  signal?: AbortSignal;
}

/** How a run ended. `text` is the answer, or (ok: false) the one-line reason shown to the user. */
export interface SendResult {
  runId: string;
  ok: boolean;
  text: string;
  /** The model key that answered (`<provider>/<model>`), when one did. */
  model?: string;
  /** The auth profile that answered, when one did. */
  profileId?: string;
  /**
   * Set when the run failed only for want of a usable login (every model of the chain: no profile
   * left, none rate-limited or failing otherwise). The channels keep such a message until a dead
   * login is renewed (channels/owner-desk.ts).
   */
  noUsableLogin?: true;
}

/** A started run: its id at once, its outcome later. Events stream to the `onEvent` given to `send`. */
export interface ChatRun {
  runId: string;
  done: Promise<SendResult>;
}

export interface Agent {
  /** The default model key now (`[gateway] agent model: …`). */
  readonly model: string;
  /**
   * Sends a user message in a session and streams the answer as `chat` events (zero or more
   * `delta`, then exactly one `final` or `error`). Runs of the same session are serialised; the
   * returned promise never rejects: failures end as `{ok: false}` with an `error` event.
   */
  send(request: SendRequest, onEvent?: (event: ChatEvent) => void): ChatRun;
  /**
   * The `models.list` / `clawbar models list` view: configured models, or the whole catalog with
   * `all`; `catalogs` are the providers' published lists (live or cached) over the built-in ones.
   */
  listModels(options?: { all?: boolean; catalogs?: readonly ProviderCatalog[] }): ModelView[];
  /** Forgets a session's history (memory and file). */
  resetSession(sessionKey: string): Promise<void>;
  /** The cooldowns still running, soonest end first (the dashboard's routing panel), once read from disk. */
  cooldowns(): Promise<Cooldown[]>;
  /** The routing decisions kept, oldest first (`clawbar agent log`, the dashboard), once read from disk. */
  decisions(): Promise<Decision[]>;
  /** Waits for running requests to settle (bounded) and releases clients. */
  close(): Promise<void>;
}

/** Options of `createAgent(options): Agent` in agent.ts. */
export interface AgentOptions {
  /** Read at each turn, so a config.set of `agent.model` reaches the next one. */
  config: { current(): Config };
  /** The real auth engine (src-main/core/auth); only `profiles`, `credential`, `markRejected` are used. */
  auth: Pick<AuthEngine, 'profiles' | 'credential' | 'markRejected'>;
  /** `$CLAWBAR_HOME/sessions` (resolvePaths().sessionsDir). */
  sessionsDir: string;
  /** Base URLs (resolveEndpoints(env)). */
  endpoints: Endpoints;
  /** The environment the providers' SDKs read their own variables from (`AWS_REGION`…); default process.env. */
  env?: Env;
  /** Clock in epoch ms; default Date.now. */
  now?: () => number;
  /**
   * `$CLAWBAR_HOME/state`: where cooldowns (`cooldowns.json`) and the routing decisions
   * (`agent-log.json`) are kept across restarts. Without it they live in memory only.
   */
  stateDir?: string;
  /** Usage windows by usage key (provider, or `<provider>@<account>`): `auth.strategy: headroom` routes by them. */
  usage?: () => Partial<Record<string, ProviderUsage>>;
  /** Per-request timeout for provider calls; default 120 s. */
  requestTimeoutMs?: number;
  /**
   * Called once per attempt of a turn with a profile (the usage history records it): the tokens
   * the provider reported, latency and outcome. A failover to the next profile is a second attempt.
   */
  onTurn?: (turn: AgentTurn) => void;
  /**
   * Called when a provider's turns move to another profile because the one that answered before
   * was skipped for its usage (used up, about to run out, out of quota): once per move, not per
   * turn (issue 17). The notifier says so.
   */
  onSwitch?: (event: AccountSwitch) => void;
}

/** Routing moved a provider's turns from one profile to another because the first ran out. */
export interface AccountSwitch {
  provider: string;
  from: string;
  to: string;
  /** Why `from` was skipped, as the decision log says it (`Week 0% left`, `Week runs out in 3m`). */
  reason: string;
}
