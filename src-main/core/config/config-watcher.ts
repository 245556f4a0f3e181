// Follows edits of config.json while the gateway runs (issue 17): a new `accounts` list (an
// account added with `clawbar accounts add` or by hand) reaches the running auth engine, usage
// poller and agent without a restart — as does any other setting the gateway follows (those
// `config.set` changes). A file that does not parse or validate is reported in one line and the
// running config stays; so does a read that sees the same config (the gateway's own writes).
import path from 'node:path';

import { errorMessage } from '../../../src-shared/error-message.js';
import { createLogger } from '../log/logger.js';

import { loadConfig } from './load.js';

import type { Env } from './paths.js';
import type { Config } from './schema.js';

const log = createLogger('config');

/** Settle time after a burst of file events (an editor's save is several). */
const DEBOUNCE_MS = 100;

export interface ConfigWatch {
  close(): Promise<void>;
}

export interface ConfigWatchOptions {
  file: string;
  env: Env;
  /** The config in force, compared with what the file now says. */
  current(): Config;
  /** Called with a valid config that differs from the current one. */
  onChanged(next: Config): void;
}

/** Watches `file` (through its directory: editors replace files) until `close()`. */
export async function watchConfigFile(options: ConfigWatchOptions): Promise<ConfigWatch> {
  const { watchDirectory } = await import('../auth/dir-watcher.js');
  const name = path.basename(options.file);
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let reading: Promise<void> = Promise.resolve();
  let lastError: string | null = null;

  const reread = async () => {
    let next: Config;
    try {
      next = await loadConfig(options.file, options.env);
    } catch (error) {
      const message = errorMessage(error);
      // Said once per distinct problem: a half-saved file is usually fixed by the next save.
      if (message !== lastError) log.warn(`${message}; the gateway keeps its running config`);
      lastError = message;
      return;
    }
    lastError = null;
    if (closed || JSON.stringify(next) === JSON.stringify(options.current())) return;
    log.info(`${name} changed; applying it`);
    options.onChanged(next);
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      reading = reading.then(reread);
    }, DEBOUNCE_MS);
  };
  const watch = await watchDirectory(path.dirname(options.file), schedule, (error) =>
    log.warn(`watching ${name}: ${errorMessage(error)}`),
  );
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      await watch.close();
      await reading;
    },
  };
}
