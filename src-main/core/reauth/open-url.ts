// The one checked door for opening a URL in the browser from Node (the CLI and the headless
// gateway). Electron passes its own `safeOpenExternal` instead. Only https — and http to a
// loopback address, for clawbar's own dashboard — ever reaches the opener, as an argument, never
// through a shell.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

import { childEnv } from '../config/child-env.js';
import { createLogger, type Logger } from '../log/logger.js';

import type { OpenUrl } from './types.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The URL if it may be opened (https anywhere, http on loopback only), else null. */
export function checkOpenableUrl(text: string): URL | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return url;
  return null;
}

/** The browser opener command of a platform: `open` on macOS, `xdg-open` elsewhere (Windows: none here). */
export function openerCommand(platform: NodeJS.Platform): string | null {
  if (platform === 'darwin') return 'open';
  if (platform === 'win32') return null;
  return 'xdg-open';
}

function onPath(command: string, envPath: string | undefined): string | null {
  for (const dir of (envPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export interface UrlOpenerOptions {
  platform?: NodeJS.Platform;
  /** The environment the opener runs in (its PATH is searched); default `process.env`. */
  env?: Record<string, string | undefined>;
  logger?: Logger;
}

/**
 * Creates an `OpenUrl` that checks the URL, then runs `open` / `xdg-open` with it as the only
 * argument. Where no opener exists (a server without a desktop) it logs a line and does nothing:
 * the caller prints the URL anyway. Refused URLs throw.
 */
export function createUrlOpener(options: UrlOpenerOptions = {}): OpenUrl {
  const platform = options.platform ?? process.platform;
  const env = options.env ?? process.env;
  const log = options.logger ?? createLogger('reauth');
  return (text) => {
    const url = checkOpenableUrl(text);
    if (!url) throw new Error('refusing to open a URL that is not https (or http on loopback)');
    const command = openerCommand(platform);
    const resolved = command ? onPath(command, env.PATH) : null;
    if (!resolved) {
      log.info(`no browser opener (${command ?? 'none on this platform'}) here: open the URL yourself`);
      return;
    }
    const child = spawn(resolved, [url.href], {
      detached: true,
      stdio: 'ignore',
      shell: false,
      env: childEnv(env),
    });
    child.on('error', (error) => log.warn(`${command} failed: ${error.message}`));
    child.unref();
  };
}
