// Where the gateway is and which token opens it. In Electron the preload hands both over; in a
// browser the token arrives once in the URL fragment (`clawbar dashboard` prints that link), is
// kept in sessionStorage for reloads of this tab, and is removed from the address bar.
import { type GatewayConnectionInfo } from '../../src-shared/gateway-client';

/** What the Electron preload exposes as `window.clawbar` (src-main/electron/preload.ts). */
export interface ClawbarBridge {
  getGatewayConnection(): Promise<GatewayConnectionInfo> | GatewayConnectionInfo;
  /** Optional: present when the Electron shell lets the dashboard toggle launch at login. */
  getLaunchAtLogin?(): Promise<boolean> | boolean;
  setLaunchAtLogin?(enabled: boolean): Promise<unknown> | unknown;
  /** Optional: present when the shell opens the full dashboard for the popover's footer. */
  openDashboard?(): Promise<unknown> | unknown;
  /** Optional: present when the shell lets the popover's footer quit the app. */
  quit?(): Promise<unknown> | unknown;
}

declare global {
  interface Window {
    clawbar?: ClawbarBridge;
  }
}

export const TOKEN_STORAGE_KEY = 'clawbar.gatewayToken';

/** The Electron bridge when the app runs inside the clawbar shell, else null. */
export function electronBridge(win: Window = window): ClawbarBridge | null {
  const bridge = win.clawbar;
  return bridge && typeof bridge.getGatewayConnection === 'function' ? bridge : null;
}

/**
 * Turns what the shell or the page gives (`http://host:port/…`, `ws://host:port`, or a full
 * `ws://…/ws`) into the gateway's WebSocket URL.
 */
export function toWebSocketUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
  if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
  if (!parsed.pathname.endsWith('/ws')) parsed.pathname = '/ws';
  parsed.search = '';
  parsed.hash = '';
  return parsed.toString();
}

/**
 * Reads the token from `#token=…` (then stores it and clears the fragment, keeping any other
 * fragment parameters) or, on a reload, from sessionStorage. Null when neither has one.
 */
export function takeBrowserToken(win: Window = window): string | null {
  const fragment = new URLSearchParams(win.location.hash.replace(/^#/, ''));
  const fromFragment = fragment.get('token');
  if (fromFragment) {
    try {
      win.sessionStorage.setItem(TOKEN_STORAGE_KEY, fromFragment);
    } catch {
      // Storage can be disabled; the token still works for this page load.
    }
    fragment.delete('token');
    const rest = fragment.toString();
    const clean = win.location.pathname + win.location.search + (rest ? `#${rest}` : '');
    win.history.replaceState(win.history.state, '', clean);
    return fromFragment;
  }
  try {
    return win.sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Forgets a stored token the gateway rejected, so a fresh link can replace it. */
export function forgetBrowserToken(win: Window = window): void {
  try {
    win.sessionStorage.removeItem(TOKEN_STORAGE_KEY);
  } catch {
    // Nothing stored, nothing to forget.
  }
}

/** The connection for this page: from the Electron bridge, or the page's host plus the token. */
export async function resolveConnection(win: Window = window): Promise<GatewayConnectionInfo | null> {
  const bridge = electronBridge(win);
  if (bridge) {
    const info = await bridge.getGatewayConnection();
    return { url: toWebSocketUrl(info.url), token: info.token };
  }
  const token = takeBrowserToken(win);
  if (!token) return null;
  const scheme = win.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return { url: `${scheme}//${win.location.host}/ws`, token };
}

/** Popover (compact) mode: `?view=popover`, also accepted as `#view=popover` or `compact=1`. */
export function isCompactView(win: Window = window): boolean {
  const query = new URLSearchParams(win.location.search);
  const fragment = new URLSearchParams(win.location.hash.replace(/^#/, ''));
  return [query, fragment].some((p) => p.get('view') === 'popover' || p.get('compact') === '1');
}
