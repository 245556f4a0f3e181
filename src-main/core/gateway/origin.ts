// Which browser origins may open the gateway's WebSocket. Any page the user visits can try to
// connect to 127.0.0.1, so only the gateway's own pages pass. The Electron app loads the renderer
// from the gateway URL itself, so it shares these origins; `file://` and `null` (sandboxed
// iframes, local files, data: URLs) are refused because any local HTML file would share them.
// `http://[::1]:<port>` and `http://localhost:<port>` are refused too: the gateway listens on
// 127.0.0.1 only, and `localhost` may resolve to ::1, where any other program can hold the port
// and serve a page that would pass as the gateway's own.

/** The origins a page served by the gateway on `port` has. */
export function gatewayOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`];
}

/**
 * True when an upgrade with this `Origin` header may continue to the token check. A request
 * without Origin is not a browser page (CLI, tests, the bench) and passes; the token still guards it.
 */
export function isOriginAllowed(origin: string | undefined, allowed: ReadonlySet<string>): boolean {
  if (origin === undefined) return true;
  return allowed.has(origin.trim().toLowerCase());
}
