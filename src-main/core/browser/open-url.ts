// The one opener of the user's browser from Node (the CLI and the headless gateway); Electron has
// its own door (electron/open-external.ts) with the same URL policy. Only what url-policy.ts
// accepts ever reaches `open` / `xdg-open`, as its only argument, never through a shell.
import path from 'node:path';

import { resolveExecutable } from '../config/executables.js';
import { createLogger, type Logger } from '../log/logger.js';
import { spawnGroup } from '../reauth/process-group.js';

import { checkOpenableUrl, refusedUrlMessage } from './url-policy.js';

import type { Env } from '../config/paths.js';
import type { OpenUrl } from '../reauth/types.js';

/** The browser opener command of a platform: `open` on macOS, `xdg-open` elsewhere (Windows: none here). */
export function openerCommand(platform: NodeJS.Platform): string | null {
  if (platform === 'darwin') return 'open';
  if (platform === 'win32') return null;
  return 'xdg-open';
}

export interface LaunchOptions {
  /** The environment the opener runs in (its PATH is searched); default `process.env`. */
  env?: Env;
  platform?: NodeJS.Platform;
  logger?: Logger;
}

/** The platform's opener as an absolute path, or null where there is none (a server without a desktop). */
export function findOpener(env: Env = process.env, platform: NodeJS.Platform = process.platform): string | null {
  const command = openerCommand(platform);
  return command ? resolveExecutable(command, env) : null;
}

/** Runs `opener` on `target` (a checked URL or a file clawbar wrote) and leaves it running on its own. */
export function launchOpener(opener: string, target: string, env: Env, logger?: Logger): void {
  const child = spawnGroup(opener, [target], { env, stdio: 'ignore' });
  child.on('error', (error) => logger?.warn(`${path.basename(opener)} failed: ${error.message}`));
  child.unref();
}

/**
 * Creates an `OpenUrl` that checks the URL, then runs `open` / `xdg-open` with it. Where no opener
 * exists it logs a line and does nothing: the caller prints the URL anyway. Refused URLs throw.
 */
export function createUrlOpener(options: LaunchOptions = {}): OpenUrl {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const log = options.logger ?? createLogger('browser');
  return (text) => {
    const url = checkOpenableUrl(text);
    if (!url) throw new Error(refusedUrlMessage(text));
    const opener = findOpener(env, platform);
    if (!opener) {
      log.info(`no browser opener (${openerCommand(platform) ?? 'none on this platform'}) here: open the URL yourself`);
      return;
    }
    launchOpener(opener, url.href, env, log);
  };
}
