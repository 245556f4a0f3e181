// The one rule for which URLs clawbar hands to a browser, used by the Node opener (CLI, headless
// gateway), the dashboard opener and the Electron door alike: https anywhere, plain http only to
// this machine (clawbar's own dashboard, a CLI's login callback), never credentials in the URL,
// never another scheme (`file:`, `javascript:`, custom handlers). Pure: no Node, no Electron.

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface UrlPolicyOptions {
  /** Only http(s) on this machine: for URLs that carry clawbar's gateway token. */
  loopbackOnly?: boolean;
}

/** The parsed URL when it may be opened in a browser, null otherwise. */
export function checkOpenableUrl(text: string, options: UrlPolicyOptions = {}): URL | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (options.loopbackOnly && !loopback) return null;
  if (url.protocol === 'https:' && url.hostname !== '') return url;
  if (url.protocol === 'http:' && loopback) return url;
  return null;
}

/** The one-line reason a refused URL gives, naming its scheme only (a URL can hold a token). */
export function refusedUrlMessage(text: string): string {
  const scheme = /^[a-z][a-z\d+.-]*:/i.exec(text)?.[0] ?? 'no scheme';
  return `refusing to open a URL that is not https (or http on loopback) without credentials (${scheme}…)`;
}
