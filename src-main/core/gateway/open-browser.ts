// Opens the dashboard in the user's browser from a terminal command (`clawbar dashboard`,
// `clawbar gateway --open-dashboard`). The dashboard URL carries the gateway token, and a
// command line is readable by every local user (ps, /proc/<pid>/cmdline) for as long as the
// process lives — a browser started by the opener keeps it for hours. So, as Jupyter does, the
// URL goes into a private redirect page ($CLAWBAR_HOME/dashboard.html, mode 0600) and only that
// file's path is passed to the opener. (The reauth opener, for login URLs that hold no secret of
// ours, passes the URL itself.)
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

import { writeFileAtomic } from '../config/atomic-file.js';
import { childEnv } from '../config/child-env.js';
import { type Env } from '../config/paths.js';

/** True when a browser can be shown: macOS always, Linux and others only with a display. */
export function hasDisplay(env: Env = process.env, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'darwin') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

function isLoopbackHttp(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname);
  } catch {
    return false;
  }
}

function findOnPath(command: string, envPath: string | undefined): string | null {
  for (const dir of (envPath ?? '').split(path.delimiter)) {
    if (!dir) continue;
    try {
      accessSync(path.join(dir, command), constants.X_OK);
      return path.join(dir, command);
    } catch {
      // not in this directory
    }
  }
  return null;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The redirect page: sends the browser on to the tokenized URL at once. */
export function redirectPage(url: string): string {
  const href = escapeHtml(url);
  return [
    '<!doctype html>',
    '<meta charset="utf-8">',
    '<meta name="referrer" content="no-referrer">',
    `<meta http-equiv="refresh" content="0;url=${href}">`,
    '<title>clawbar dashboard</title>',
    `<p><a href="${href}">Open the clawbar dashboard</a></p>`,
    '',
  ].join('\n');
}

export type OpenResult = 'opened' | 'no-display' | 'no-opener' | 'refused';

export interface OpenDashboardOptions {
  /** Where the redirect page goes ($CLAWBAR_HOME). */
  clawbarHome: string;
  env?: Env;
  platform?: NodeJS.Platform;
}

/**
 * Opens a loopback dashboard URL in the browser through a private redirect page, with the
 * platform's opener (`open`, `xdg-open`) run without a shell. Says why when it did not open:
 * no display (a server), no opener, or a URL that is not loopback http.
 */
export async function openDashboardInBrowser(url: string, options: OpenDashboardOptions): Promise<OpenResult> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  if (!isLoopbackHttp(url)) return 'refused';
  if (!hasDisplay(env, platform)) return 'no-display';
  const opener = platform === 'darwin' ? 'open' : platform === 'win32' ? null : 'xdg-open';
  const resolved = opener ? findOnPath(opener, env.PATH) : null;
  if (!resolved) return 'no-opener';
  const page = path.join(options.clawbarHome, 'dashboard.html');
  await writeFileAtomic(page, redirectPage(url));
  const child = spawn(resolved, [page], {
    detached: true,
    stdio: 'ignore',
    shell: false,
    env: childEnv(env),
  });
  child.on('error', () => undefined); // The URL is printed anyway.
  child.unref();
  return 'opened';
}
