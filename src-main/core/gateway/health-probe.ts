// Is a clawbar gateway answering on this port? One answer for the CLI (`dashboard`, `doctor`) and
// the menu-bar app (attach instead of starting a second gateway).

/** True when a `/health` body is a clawbar gateway's (`{"ok":true,"version":…}`). Pure. */
export function isClawbarHealth(body: unknown): body is { ok: true; version: string } {
  return (
    typeof body === 'object' &&
    body !== null &&
    (body as { ok?: unknown }).ok === true &&
    typeof (body as { version?: unknown }).version === 'string'
  );
}

/** Asks `GET /health`; resolves with the gateway's version, or null when nothing (or not clawbar) answers. */
export async function probeGateway(httpUrl: string, fetchImpl: typeof fetch = fetch): Promise<string | null> {
  try {
    const response = await fetchImpl(`${httpUrl}/health`, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return null;
    const body: unknown = await response.json();
    return isClawbarHealth(body) ? body.version : null;
  } catch {
    return null;
  }
}
