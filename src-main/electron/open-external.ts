// The one door to the user's browser from Electron (STYLE.md, Beekeeper's safeOpenExternal): lint
// bans `shell.openExternal` everywhere else. It applies the core's one URL policy
// (core/browser/url-policy.ts), so the app opens exactly what the CLI and the gateway would.
import { checkOpenableUrl, refusedUrlMessage } from '../core/browser/url-policy.js';
import { createLogger } from '../core/log/logger.js';

import type { Shell } from 'electron';

const log = createLogger('electron/open-external');

/**
 * Opens `raw` in the default browser when the URL policy accepts it; resolves with whether it
 * did. A refused URL is logged by its scheme only (a URL can hold a token, and text without a
 * scheme could be anything).
 */
export async function safeOpenExternal(shell: Pick<Shell, 'openExternal'>, raw: string): Promise<boolean> {
  const url = checkOpenableUrl(raw);
  if (!url) {
    log.warn(refusedUrlMessage(raw));
    return false;
  }
  await shell.openExternal(url.href);
  return true;
}
