// Opens the dashboard in the user's browser from a terminal command (`clawbar dashboard`,
// `clawbar gateway --open-dashboard`). The dashboard URL carries the gateway token, and a
// command line is readable by every local user (ps, /proc/<pid>/cmdline) for as long as the
// process lives — a browser started by the opener keeps it for hours. So, as Jupyter does, the
// URL goes into a private redirect page ($CLAWBAR_HOME/dashboard.html, mode 0600) and only that
// file's path is passed to the opener. (Login URLs hold no secret of ours and go to the opener as
// they are: open-url.ts.)
import path from 'node:path';

import { writeFileAtomic } from '../config/atomic-file.js';
import { type Env } from '../config/paths.js';

import { findOpener, launchOpener } from './open-url.js';
import { checkOpenableUrl } from './url-policy.js';

/** True when a browser can be shown: macOS always, Linux and others only with a display. */
export function hasDisplay(env: Env = process.env, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'darwin') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
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
 * Opens a loopback dashboard URL in the browser through a private redirect page. Says why when it
 * did not open: no display (a server), no opener, or a URL that is not on this machine.
 */
export async function openDashboardInBrowser(url: string, options: OpenDashboardOptions): Promise<OpenResult> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  // The token must never travel to another host, nor over https to this one (no certificate).
  const checked = checkOpenableUrl(url, { loopbackOnly: true });
  if (!checked || checked.protocol !== 'http:') return 'refused';
  if (!hasDisplay(env, platform)) return 'no-display';
  const opener = findOpener(env, platform);
  if (!opener) return 'no-opener';
  const page = path.join(options.clawbarHome, 'dashboard.html');
  await writeFileAtomic(page, redirectPage(checked.href));
  launchOpener(opener, page, env); // A failure is no loss: the URL is printed anyway.
  return 'opened';
}
