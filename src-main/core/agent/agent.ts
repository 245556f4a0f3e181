// The agent: a message in a session → the configured model (then its fallbacks), each tried with
// the provider's auth profiles in order (DESIGN.md §3 failover) → a streamed answer as `chat`
// events. A 401/403 marks the profile rejected in the auth engine (the tray turns red at once)
// and the next profile is tried; a 429 cools the profile down for Retry-After.
import { randomUUID } from 'node:crypto';
import path from 'node:path';

import { errorMessage } from '../../../src-shared/error-message.js';
import { profileOrder } from '../auth/order.js';
import { createLogger } from '../log/logger.js';
import { headroomText, limitForModel, tightest, turnHeadroom } from '../usage/headroom.js';

import { parseModelKey } from './catalog.js';
import { answerChatCommand } from './chat-commands.js';
import { ALL_MODELS, createCooldownStore } from './cooldowns.js';
import { createDecisionLog, type Decision } from './decision-log.js';
import { noUsableLoginMessage } from './failover.js';
import { listModels } from './models-view.js';
import { activeLimitOfError, classifyProviderError, type ProviderFailure } from './providers/errors.js';
import { createProviderClients, type ProviderClients } from './providers/index.js';
import { routeTurn, usageKeyOf } from './routing.js';
import { createSessionStore } from './sessions.js';

import type { ProviderUsage } from '../../../src-shared/protocol/index.js';
import type { CompletionUsage } from './providers/types.js';
import type { Agent, AgentOptions, ChatEvent, ChatMessage, SendRequest, SendResult } from './types.js';

const log = createLogger('agent');

/** What the model is told about itself. Short: the channels are chat apps. */
const INSTRUCTIONS = 'You are the assistant behind clawbar, answering people on chat channels. Be helpful and concise.';

const DEFAULT_RETRY_AFTER_MS = 60_000;

/** How an attempt ended, as the usage history records it. */
type TurnOutcome = 'ok' | 'rejected' | 'rate-limited' | 'error' | 'cancelled' | 'cut-short';
const TURN_OUTCOMES: Record<ProviderFailure['kind'], TurnOutcome> = {
  auth: 'rejected',
  'rate-limit': 'rate-limited',
  aborted: 'cancelled',
  http: 'error',
  network: 'error',
  other: 'error',
};

// Why a provider produced no answer, for the one-line reply.
type ProviderOutcome =
  | { kind: 'no-login' }
  | { kind: 'rate-limited'; retryInMs: number }
  | { kind: 'failed'; model: string; message: string };

function formatWait(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 60 ? `${minutes}m` : `${Math.ceil(minutes / 60)}h`;
}

function outcomeText(provider: string, outcome: ProviderOutcome): string {
  switch (outcome.kind) {
    case 'no-login':
      return noUsableLoginMessage(provider);
    case 'rate-limited':
      return `Every ${provider} login is rate-limited — try again in ${formatWait(outcome.retryInMs)}`;
    case 'failed':
      return `${outcome.model} failed: ${outcome.message}`;
  }
}

/** Skip reasons that mean a login ran out (routing.ts / headroom.ts wording, or a quota 429 here). */
const USAGE_REASON = /% left$| runs out in |^out of quota/;

/** Messages of a used-up quota (OpenAI's `insufficient_quota`, the ChatGPT backend's usage limit). */
const QUOTA_MESSAGE = /insufficient_quota|usage_limit_reached|usage limit/i;

/**
 * How long a quota error rests a login: until its window resets — as the server says (the Codex
 * backend's `resets_in_seconds`, Retry-After), else as the usage windows say, else an hour; null
 * when the 429 is a plain rate limit.
 */
function quotaRestMs(failure: ProviderFailure, usage: ProviderUsage | null, now: number): number | null {
  if (!QUOTA_MESSAGE.test(failure.message)) return null;
  if (failure.retryAfterMs !== null) return failure.retryAfterMs;
  const window = tightest(usage?.windows ?? []);
  const reset = window?.resetAt ? Date.parse(window.resetAt) - now : NaN;
  return Number.isFinite(reset) && reset > 0 ? reset : 3_600_000;
}

/** Creates the agent. Nothing is loaded or connected until the first `send`. */
export function createAgent(options: AgentOptions): Agent {
  const now = options.now ?? Date.now;
  const timeoutMs = options.requestTimeoutMs ?? 120_000;
  let clients: ProviderClients | null = null;
  const providerClient = (provider: string) => {
    clients ??= createProviderClients({
      endpoints: options.endpoints,
      env: options.env ?? process.env,
      timeoutMs,
      settings: (id) => options.config.current().providers[id] ?? {},
    });
    return clients.get(provider);
  };
  const sessions = createSessionStore({
    dir: options.sessionsDir,
    maxTurns: options.config.current().agent.historyTurns,
    now,
  });
  const stateDir = options.stateDir;
  const cooldowns = createCooldownStore({
    ...(stateDir ? { file: path.join(stateDir, 'cooldowns.json') } : {}),
    now,
  });
  const decisions = createDecisionLog(stateDir ? path.join(stateDir, 'agent-log.json') : undefined);
  // Read once, before the first turn needs them.
  const loaded = Promise.all([cooldowns.load(), decisions.load()]);
  /** The profile that answered each session's last turn: a near tie keeps it (routing.ts). */
  const lastProfile = new Map<string, string>();
  /** The profile that answered each provider's last turn, any session: a move away from it is a switch. */
  const lastOfProvider = new Map<string, string>();
  /**
   * The named limit the server last said each model counts against (`x-codex-active-limit`), so
   * routing reads that limit's windows (core/usage/headroom.ts). In memory: until a first answer
   * says so after a start, a limit is tied to a model by its name.
   */
  const serverLimit = new Map<string, string>();
  const usageOf = (profileId: string) => options.usage?.()[usageKeyOf(profileId)] ?? null;
  const queues = new Map<string, Promise<unknown>>();
  const running = new Set<Promise<SendResult>>();
  const controllers = new Set<AbortController>();

  /**
   * One attempt of a turn with one profile, for the usage history (`options.onTurn`): the tokens
   * the provider reported, how long it took, and how it ended. Recording never fails a turn.
   */
  function startTurn(profile: string, model: string) {
    const at = now();
    let tokens: CompletionUsage | null = null;
    return {
      usage: (usage: CompletionUsage) => (tokens = usage),
      end(outcome: TurnOutcome) {
        if (!options.onTurn) return;
        try {
          options.onTurn({
            at,
            profile,
            model,
            inputTokens: tokens?.inputTokens ?? 0,
            outputTokens: tokens?.outputTokens ?? 0,
            cachedTokens: tokens?.cachedTokens ?? 0,
            latencyMs: Math.max(0, now() - at),
            outcome,
          });
        } catch (error) {
          log.warn(`recording a turn failed: ${errorMessage(error)}`);
        }
      },
    };
  }

  /** Runs one request through the model chain; returns the answer or the reason there is none. */
  async function answer(
    sessionKey: string,
    messages: ChatMessage[],
    onDelta: (text: string) => void,
    signal: AbortSignal,
  ): Promise<
    { ok: true; text: string; model: string; profileId: string } | { ok: false; text: string; noUsableLogin?: true }
  > {
    await loaded;
    const config = options.config.current();
    const chain = [config.agent.model, ...config.agent.fallbacks];
    const outcomes = new Map<string, ProviderOutcome>();
    for (const modelKey of chain) {
      const ref = parseModelKey(modelKey);
      const client = ref ? providerClient(ref.provider) : null;
      if (!ref || !client) {
        outcomes.set(modelKey, { kind: 'failed', model: modelKey, message: 'unknown provider' });
        continue;
      }
      const provider = ref.provider;
      const profiles = options.auth.profiles(now());
      let rateLimitedFor: number | null = null;
      let failure: ProviderFailure | null = null;
      const route = routeTurn({
        order: profileOrder(provider, config.auth.order, profiles),
        profiles,
        strategy: config.auth.strategy,
        model: ref.name,
        serverLimit: serverLimit.get(modelKey) ?? null,
        now: now(),
        usageOf,
        coolingMs: (profileId) => cooldowns.remaining(profileId, modelKey),
        current: lastProfile.get(sessionKey) ?? null,
      });
      const skipped = [...route.skipped];
      for (const skip of skipped) {
        const cooling = cooldowns.remaining(skip.profileId, modelKey);
        if (cooling > 0) rateLimitedFor = Math.min(rateLimitedFor ?? cooling, cooling);
      }
      const decide = (profileId: string | null) => {
        const headroom = profileId
          ? turnHeadroom(usageOf(profileId), ref.name, now(), serverLimit.get(modelKey) ?? null)
          : null;
        const why = (headroom && headroomText(headroom)) ?? 'first usable in order';
        const decision: Omit<Decision, 'turn'> = {
          at: new Date(now()).toISOString(),
          model: modelKey,
          strategy: config.auth.strategy,
          profileId,
          why,
          skipped,
        };
        decisions.record(decision);
      };
      for (const profileId of route.tries) {
        const credential = options.auth.credential(profileId);
        if (!credential) continue;
        let streamed = false;
        const turn = startTurn(profileId, modelKey);
        try {
          const text = await client.complete({
            model: ref.name,
            instructions: INSTRUCTIONS,
            messages,
            credential,
            sessionKey,
            signal,
            onDelta: (delta) => {
              streamed = true;
              onDelta(delta);
            },
            onUsage: turn.usage,
            onLimit: (limit) => learnLimit(modelKey, limit),
          });
          turn.end('ok');
          lastProfile.set(sessionKey, profileId);
          decide(profileId);
          noteSwitch(provider, profileId, skipped);
          return { ok: true, text, model: modelKey, profileId };
        } catch (error) {
          const classified = signal.aborted
            ? ({ kind: 'aborted', status: null, retryAfterMs: null, message: 'cancelled' } as const)
            : classifyProviderError(error, now());
          turn.end(streamed && classified.kind !== 'aborted' ? 'cut-short' : TURN_OUTCOMES[classified.kind]);
          if (classified.kind === 'aborted') return { ok: false, text: 'The request was cancelled.' };
          // Half an answer cannot be retried elsewhere without the user seeing it twice.
          if (streamed) return { ok: false, text: `${modelKey} failed mid-answer: ${classified.message}` };
          if (classified.kind === 'auth') {
            log.warn(`${profileId} was rejected by ${provider} (${classified.status}); trying the next profile`);
            options.auth.markRejected(profileId, classified.status!);
            skipped.push({ profileId, reason: `rejected (${classified.status})` });
            continue;
          }
          if (classified.kind === 'rate-limit') {
            const quota = quotaRestMs(classified, usageOf(profileId), now());
            const wait = quota ?? classified.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
            const limit = activeLimitOfError(error);
            if (limit !== null) learnLimit(modelKey, limit);
            // A used-up plan quota holds for every model of the login; a plain 429, or the quota of
            // one of the login's named limits (other models count against others), only for this model.
            const named = limit !== null && limitForModel(usageOf(profileId), null, limit) !== null;
            const everyModel = quota !== null && !named;
            cooldowns.set(profileId, everyModel ? ALL_MODELS : modelKey, wait);
            rateLimitedFor = Math.min(rateLimitedFor ?? wait, wait);
            log.warn(
              `${profileId} is ${quota !== null ? 'out of quota' : 'rate-limited'} at ${provider}; cooling down for ${formatWait(wait)}`,
            );
            skipped.push({
              profileId,
              reason: `${quota !== null ? 'out of quota' : '429'}, cooling down ${formatWait(wait)}`,
            });
            continue;
          }
          // A server or network failure is not this profile's fault: the next model may do better.
          failure = classified;
          log.warn(`${modelKey} failed with ${profileId}: ${classified.message}`);
          skipped.push({ profileId, reason: classified.message });
          break;
        }
      }
      decide(null);
      if (!outcomes.has(provider)) {
        outcomes.set(
          provider,
          failure
            ? { kind: 'failed', model: modelKey, message: failure.message }
            : rateLimitedFor !== null
              ? { kind: 'rate-limited', retryInMs: rateLimitedFor }
              : { kind: 'no-login' },
        );
      }
    }
    const all = [...outcomes.values()];
    return {
      ok: false,
      text: [...outcomes].map(([provider, outcome]) => outcomeText(provider, outcome)).join('; '),
      ...(all.length > 0 && all.every((outcome) => outcome.kind === 'no-login')
        ? { noUsableLogin: true as const }
        : {}),
    };
  }

  function learnLimit(modelKey: string, limit: string) {
    serverLimit.set(modelKey, limit);
  }

  /**
   * A provider's turn answered by another profile than its last one, because that one was skipped
   * for its usage: told once (`onSwitch`), at the move; later turns on the new profile say nothing.
   */
  function noteSwitch(provider: string, to: string, skipped: readonly { profileId: string; reason: string }[]) {
    const from = lastOfProvider.get(provider);
    lastOfProvider.set(provider, to);
    if (from === undefined || from === to || !options.onSwitch) return;
    const skip = skipped.find((s) => s.profileId === from && USAGE_REASON.test(s.reason));
    if (!skip) return;
    try {
      options.onSwitch({ provider, from, to, reason: skip.reason });
    } catch (error) {
      log.warn(`announcing an account switch failed: ${errorMessage(error)}`);
    }
  }

  async function run(request: SendRequest, runId: string, emit: (event: ChatEvent) => void): Promise<SendResult> {
    const { sessionKey } = request;
    const controller = new AbortController();
    controllers.add(controller);
    const onAbort = () => controller.abort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      // `/usage` and `/status` are answered here, on every channel, without a model or a session turn.
      const command = answerChatCommand(request.message, {
        profiles: options.auth.profiles(now()),
        usage: options.usage?.() ?? {},
        now: now(),
      });
      if (command !== null) {
        emit({ runId, sessionKey, state: 'final', text: command });
        return { runId, ok: true, text: command };
      }
      const history = await sessions.history(sessionKey);
      const result = await answer(
        sessionKey,
        [...history, { role: 'user', content: request.message }],
        (text) => emit({ runId, sessionKey, state: 'delta', text }),
        controller.signal,
      );
      if (!result.ok) {
        emit({ runId, sessionKey, state: 'error', text: result.text });
        return { runId, ok: false, text: result.text, ...(result.noUsableLogin ? { noUsableLogin: true } : {}) };
      }
      await sessions.appendTurn(sessionKey, request.message, result.text).catch((error: unknown) => {
        log.warn(`could not save session ${sessionKey}: ${errorMessage(error)}`);
      });
      emit({ runId, sessionKey, state: 'final', text: result.text });
      return { runId, ok: true, text: result.text, model: result.model, profileId: result.profileId };
    } catch (error) {
      const text = `The agent failed: ${errorMessage(error)}`;
      emit({ runId, sessionKey, state: 'error', text });
      return { runId, ok: false, text };
    } finally {
      request.signal?.removeEventListener('abort', onAbort);
      controllers.delete(controller);
    }
  }

  return {
    get model() {
      return options.config.current().agent.model;
    },
    send(request, onEvent) {
      const runId = request.runId ?? randomUUID();
      const emit = (event: ChatEvent) => {
        try {
          onEvent?.(event);
        } catch (error) {
          log.warn(`a chat listener threw: ${errorMessage(error)}`);
        }
      };
      // One run at a time per session, so turns are saved in the order they were asked.
      const previous = queues.get(request.sessionKey) ?? Promise.resolve();
      const done = previous.then(() => run(request, runId, emit));
      queues.set(request.sessionKey, done);
      running.add(done);
      void done.finally(() => {
        running.delete(done);
        if (queues.get(request.sessionKey) === done) queues.delete(request.sessionKey);
      });
      return { runId, done };
    },
    listModels(listOptions) {
      return listModels({
        agent: options.config.current().agent,
        profiles: options.auth.profiles(now()),
        order: options.config.current().auth.order,
        all: listOptions?.all ?? false,
        ...(listOptions?.catalogs ? { catalogs: listOptions.catalogs } : {}),
      });
    },
    resetSession: (sessionKey) => sessions.reset(sessionKey),
    cooldowns: () => loaded.then(() => cooldowns.list()),
    decisions: () => loaded.then(() => decisions.list()),
    async close() {
      for (const controller of controllers) controller.abort();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...running]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, 1000);
          timer.unref();
        }),
      ]);
      clearTimeout(timer);
      // What the last turns decided reaches the disk before the process goes.
      await Promise.all([cooldowns.flush(), decisions.flush()]);
    },
  };
}
