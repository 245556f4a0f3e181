// The one way running code reads config: its value now, and a subscription to changes. The
// gateway runtime replaces the value when `config.set` wrote config.json; a CLI command reads a
// config that never changes. Code that must follow a change either reads `current()` when it acts
// (a login reads its command when it starts) or subscribes (a poller moves its timer).
import type { Config } from './schema.js';

export interface ConfigSource {
  /** The config in force now. */
  current(): Config;
  /** Called with each new config; returns the unsubscribe function. */
  onChange(listener: (next: Config) => void): () => void;
}

/** A config that never changes: a CLI command's, a test's. */
export function fixedConfig(config: Config): ConfigSource {
  return { current: () => config, onChange: () => () => undefined };
}

/** A config that `replace` changes; a listener that throws is reported, and the others still run. */
export function createConfigSource(
  initial: Config,
  onListenerError: (error: unknown) => void,
): ConfigSource & { replace(next: Config): void } {
  let config = initial;
  const listeners = new Set<(next: Config) => void>();
  return {
    current: () => config,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    replace(next) {
      config = next;
      for (const listener of [...listeners]) {
        try {
          listener(next);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
  };
}
