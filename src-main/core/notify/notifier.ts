// The notifier: feeds the pure policy with the gateway's auth, usage and login changes, keeps its
// memory in state/notified.json, and emits the resulting `notify` events. Time thresholds are
// crossed without any file changing, so it also re-evaluates the last profiles on a timer.
import { z } from 'zod';

import { errorMessage } from '../../../src-shared/error-message.js';
import { writeJsonAtomic } from '../config/atomic-file.js';
import { readOwnFile } from '../config/own-files.js';
import { createLogger } from '../log/logger.js';

import {
  emptyMemory,
  evaluateNotifications,
  loginNotification,
  pruneMemory,
  type NotifyMemory,
  type NotifyThresholds,
  type ProviderUsageInput,
} from './policy.js';
import { switchNotification } from './routing-notices.js';

import type { EventName, EventPayloads, NotifyEvent, ProfileView } from '../../../src-shared/protocol/index.js';
import type { AccountSwitch } from '../agent/types.js';

const log = createLogger('notify');

const memorySchema = z.object({
  version: z.literal(1),
  fired: z.record(z.string(), z.number()),
  tokens: z.record(z.string(), z.object({ identity: z.string(), firstRemainingMs: z.number(), rotated: z.boolean() })),
});

export interface NotifierOptions {
  /** `$CLAWBAR_HOME/state/notified.json` (resolvePaths().notified). */
  storePath: string;
  /** Config `notifications` (resolved: `expiringMs`, `usageUsedPercent`). */
  config: NotifyThresholds;
  /** Epoch ms; default Date.now. */
  clock?: () => number;
  /** How often the state is re-evaluated against the clock; default 30 s, 0 = never. */
  tickMs?: number;
  /**
   * The current state, pulled at start and on every tick (the gateway passes its auth and usage
   * services). Without it, ticks re-evaluate the last profiles it was fed.
   */
  current?: () => { profiles?: ProfileView[]; providers?: ProviderUsageInput[] };
  /** The providers the agent may answer with, read at each evaluation (config `agent`); default: all count. */
  agentProviders?: () => readonly string[];
  /**
   * Delay of the first evaluation after `start()`; default 3 s. Whatever is already expiring at
   * start is announced once and remembered, so it waits until the menu-bar app and an open
   * dashboard, which connect right after the gateway starts, can receive it. 0 = evaluate in start().
   */
  firstEvaluationDelayMs?: number;
  /** Config `agent.model`, read at each evaluation: whose provider running out of logins is told (issue 17). */
  agentModel?: () => string;
}

export interface Notifier {
  /** Loads the memory, schedules the first evaluation of the current state and starts the timer. */
  start(): Promise<void>;
  /** Stops the timer and waits for the last write. */
  stop(): Promise<void>;
  /** The auth engine's new profile list (`auth.changed`). Resolves with what fired. */
  profilesChanged(profiles: ProfileView[]): Promise<NotifyEvent[]>;
  /** New usage readings (`usage.changed`). */
  usageChanged(providers: ProviderUsageInput[]): Promise<NotifyEvent[]>;
  /** A re-login's progress (`login.progress`); fires on succeeded / failed. */
  loginProgress(progress: EventPayloads['login.progress']): NotifyEvent[];
  /** Routing moved the agent to another account because one ran out (the agent calls it once per move). */
  accountSwitched(event: AccountSwitch): NotifyEvent;
  /** Re-evaluates the state at the clock's current time (what the timer calls). */
  tick(): Promise<NotifyEvent[]>;
  /**
   * Routes one gateway event: `auth.changed`, `usage.changed` and `login.progress` feed the
   * policy, everything else is ignored. The runtime calls it for every event it broadcasts.
   */
  observe(event: EventName, payload: unknown): void;
  /** New thresholds after `config.set`. */
  setConfig(config: NotifyThresholds): void;
  /** Subscribes to emitted notifications; returns the unsubscribe function. */
  onNotify(listener: (event: NotifyEvent) => void): () => void;
}

/** Reads notified.json; a missing or unreadable file is an empty memory (logged, never fatal). */
export async function readNotifyMemory(file: string): Promise<NotifyMemory> {
  let text: string | null;
  try {
    text = await readOwnFile(file);
  } catch (error) {
    log.warn(`${errorMessage(error)}; starting afresh`);
    return emptyMemory();
  }
  if (text === null) return emptyMemory();
  try {
    return memorySchema.parse(JSON.parse(text));
  } catch {
    log.warn(`${file} is not a valid notification memory; starting afresh`);
    return emptyMemory();
  }
}

/**
 * Creates the notifier. The gateway runtime calls `profilesChanged` / `usageChanged` /
 * `loginProgress` and broadcasts every event `onNotify` hands it as a `notify` event.
 */
export function createNotifier(options: NotifierOptions): Notifier {
  const clock = options.clock ?? Date.now;
  let thresholds = options.config;
  let memory: NotifyMemory = emptyMemory();
  let lastProfiles: ProfileView[] = [];
  let timer: ReturnType<typeof setInterval> | null = null;
  let firstTimer: ReturnType<typeof setTimeout> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const listeners = new Set<(event: NotifyEvent) => void>();
  const loginsAnnounced = new Set<string>();

  const emit = (events: NotifyEvent[]) => {
    for (const event of events) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch (error) {
          log.warn(`notify listener failed: ${String(error)}`);
        }
      }
    }
  };

  // Evaluations run one at a time so two changes never race on the memory or its file.
  const evaluate = (input: { profiles?: ProfileView[]; providers?: ProviderUsageInput[] }): Promise<NotifyEvent[]> => {
    const run = queue.then(async () => {
      const now = clock();
      const agentProviders = options.agentProviders?.();
      const agentModel = options.agentModel?.();
      const result = evaluateNotifications(memory, {
        ...input,
        now,
        thresholds,
        ...(agentProviders ? { agentProviders } : {}),
        ...(agentModel ? { agentModel } : {}),
      });
      memory = result.memory;
      if (result.changed) {
        try {
          // Persist before showing: a crash in between loses a notification rather than repeating it.
          await writeJsonAtomic(options.storePath, pruneMemory(memory, now));
        } catch (error) {
          log.warn(`cannot write ${options.storePath}: ${String(error)}`);
        }
      }
      emit(result.events);
      return result.events;
    });
    queue = run.catch(() => undefined);
    return run;
  };

  const current = () => {
    if (!options.current) return { profiles: lastProfiles };
    const state = options.current();
    if (state.profiles) lastProfiles = state.profiles;
    return state;
  };

  const notifier: Notifier = {
    async start() {
      memory = await readNotifyMemory(options.storePath);
      const delay = options.firstEvaluationDelayMs ?? 3000;
      if (options.current && delay <= 0) await evaluate(current());
      else if (options.current) {
        firstTimer = setTimeout(() => {
          firstTimer = null;
          void evaluate(current());
        }, delay);
        firstTimer.unref();
      }
      const tickMs = options.tickMs ?? 30_000;
      if (tickMs > 0 && !timer) {
        timer = setInterval(() => void notifier.tick(), tickMs);
        timer.unref();
      }
    },
    async stop() {
      if (timer) clearInterval(timer);
      if (firstTimer) clearTimeout(firstTimer);
      timer = null;
      firstTimer = null;
      await queue;
    },
    profilesChanged(profiles) {
      lastProfiles = profiles;
      return evaluate({ profiles });
    },
    usageChanged(providers) {
      return evaluate({ providers });
    },
    loginProgress(progress) {
      const event = loginNotification(progress);
      if (!event || loginsAnnounced.has(event.id)) return [];
      loginsAnnounced.add(event.id);
      emit([event]);
      return [event];
    },
    accountSwitched(event) {
      const notification = switchNotification(event, lastProfiles, clock());
      emit([notification]);
      return notification;
    },
    tick() {
      return evaluate(current());
    },
    observe(event, payload) {
      // Payloads arrive typed by the gateway's broadcast signature for their event name.
      if (event === 'auth.changed') void notifier.profilesChanged((payload as EventPayloads['auth.changed']).profiles);
      else if (event === 'usage.changed')
        void notifier.usageChanged((payload as EventPayloads['usage.changed']).providers);
      else if (event === 'login.progress') notifier.loginProgress(payload as EventPayloads['login.progress']);
    },
    setConfig(config) {
      thresholds = config;
    },
    onNotify(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return notifier;
}
