// Opens the dashboard in the user's browser from a terminal command (`clawbar dashboard`,
// `clawbar gateway --open-dashboard`). Only loopback http URLs pass: this door opens the gateway's
// own page and nothing else.
import { spawn } from 'node:child_process';

import { type Env } from '../config/paths.js';

/** True when a browser can be shown: macOS and Windows always, Linux only with a display. */
export function hasDisplay(env: Env = process.env, platform: NodeJS.Platform = process.platform): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
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

/**
 * Opens a loopback dashboard URL with the platform's opener (`open`, `xdg-open`, `start`),
 * detached and without a shell. Returns false when there is no display or the URL is not a
 * loopback http URL; a missing opener is ignored (the URL is printed anyway).
 */
export function openDashboardInBrowser(url: string, env: Env = process.env): boolean {
  if (!isLoopbackHttp(url) || !hasDisplay(env)) return false;
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}
