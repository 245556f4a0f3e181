// How the runtime starts a capability (the auth engine, the usage poller, …): it runs the
// capability's start function; when that throws, the failure is logged once, the capability's
// methods answer UNAVAILABLE, and it is tried again — after a growing delay, and at once whenever
// `retryFailed()` is called (a config change) — until it runs. Nothing stays dead after its cause
// goes away. A capability that needs another one starts as soon as that one runs.
import { errorMessage as message } from '../../../src-shared/error-message.js';
import { type Logger } from '../log/logger.js';

/** What a capability's start function returns: its service, and how to stop it. */
export interface Running<T> {
  service: T;
  stop?(): unknown;
}

export interface Capability<T> {
  readonly name: string;
  /** The running service, or null while it is not running (its methods answer UNAVAILABLE). */
  get(): T | null;
  /** Calls `listener` with the service once it runs (at once when it already does). */
  whenRunning(listener: (service: T) => void): void;
}

export interface Capabilities {
  /** Starts a capability; resolves after the first attempt, whether it ran or will be retried. */
  start<T>(name: string, run: () => Promise<Running<T>> | Running<T>): Promise<Capability<T>>;
  /** Starts a capability that needs `dependency`: now when that one runs, else as soon as it does. */
  after<D, T>(
    dependency: Capability<D>,
    name: string,
    run: (dependency: D) => Promise<Running<T>> | Running<T>,
  ): Promise<Capability<T>>;
  /** Tries every failed capability again now (its cause may just have gone away). */
  retryFailed(): void;
  /** Stops retrying and stops every running capability, the last started first. */
  stopAll(): Promise<void>;
}

export interface CapabilitiesOptions {
  logger: Logger;
  /** First retry delay; doubles after each failure up to `maxRetryMs`. Default 1 s. */
  firstRetryMs?: number;
  /** Default 60 s. */
  maxRetryMs?: number;
}

/** The runtime's set of capabilities. */
export function createCapabilities(options: CapabilitiesOptions): Capabilities {
  const { logger } = options;
  const firstRetryMs = options.firstRetryMs ?? 1000;
  const maxRetryMs = options.maxRetryMs ?? 60_000;
  const stops: (() => unknown)[] = [];
  const failed = new Set<() => Promise<void>>();
  let closed = false;

  function create<T>(name: string, run: () => Promise<Running<T>> | Running<T>) {
    let service: T | null = null;
    const listeners: ((service: T) => void)[] = [];
    let timer: NodeJS.Timeout | undefined;
    let delay = firstRetryMs;
    let lastError: string | null = null;
    let attempting: Promise<void> | null = null;

    const attempt = (): Promise<void> =>
      (attempting ??= (async () => {
        clearTimeout(timer);
        try {
          const running = await run();
          if (closed) {
            await running.stop?.();
            return;
          }
          service = running.service;
          failed.delete(attempt);
          if (running.stop) stops.push(() => running.stop!());
          if (lastError !== null) logger.info(`${name} started`);
          for (const listener of listeners.splice(0)) notify(listener, running.service);
        } catch (error) {
          if (closed) return;
          // Once per distinct reason: a capability retried every minute must not fill the log.
          if (message(error) !== lastError) logger.warn(`${name} did not start: ${message(error)}`);
          lastError = message(error);
          failed.add(attempt);
          timer = setTimeout(() => void attempt(), delay);
          timer.unref();
          delay = Math.min(delay * 2, maxRetryMs);
        }
      })().finally(() => (attempting = null)));

    const notify = (listener: (service: T) => void, value: T) => {
      try {
        listener(value);
      } catch (error) {
        logger.error(`wiring ${name} failed: ${message(error)}`);
      }
    };

    const capability: Capability<T> = {
      name,
      get: () => service,
      whenRunning(listener) {
        if (service !== null) notify(listener, service);
        else listeners.push(listener);
      },
    };
    stops.push(() => clearTimeout(timer));
    return { capability, attempt };
  }

  return {
    async start(name, run) {
      const { capability, attempt } = create(name, run);
      await attempt();
      return capability;
    },
    async after(dependency, name, run) {
      const { capability, attempt } = create(name, () => run(dependency.get()!));
      const ready = dependency.get() !== null;
      if (ready) await attempt();
      else dependency.whenRunning(() => void attempt());
      return capability;
    },
    retryFailed() {
      for (const attempt of [...failed]) void attempt();
    },
    async stopAll() {
      closed = true;
      for (const stop of stops.splice(0).reverse()) {
        try {
          await stop();
        } catch (error) {
          logger.warn(`shutdown step failed: ${message(error)}`);
        }
      }
    },
  };
}
