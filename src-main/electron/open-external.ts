// The one door to the user's browser (STYLE.md, Beekeeper's safeOpenExternal): lint bans
// `shell.openExternal` everywhere else. Only http(s) URLs without embedded credentials pass;
// `file:`, `javascript:`, custom schemes and anything unparsable are refused.
import { createLogger } from '../core/log/logger.js';

import type { Shell } from 'electron';

const log = createLogger('electron/open-external');

/** The URL when it may be opened in the browser, null otherwise. Pure. */
export function checkExternalUrl(raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || !url.hostname) return null;
  return url;
}

/**
 * Opens `raw` in the default browser when {@link checkExternalUrl} accepts it; resolves with
 * whether it did. A refused URL is logged by its scheme only (a URL can hold a token, and text
 * without a scheme could be anything).
 */
export async function safeOpenExternal(shell: Pick<Shell, 'openExternal'>, raw: string): Promise<boolean> {
  const url = checkExternalUrl(raw);
  if (!url) {
    const scheme = /^[a-z][a-z\d+.-]*:/i.exec(raw)?.[0] ?? 'no scheme';
    log.warn(`refused to open a URL that is not http(s) without credentials (${scheme}…)`);
    return false;
  }
  await shell.openExternal(url.href);
  return true;
}
