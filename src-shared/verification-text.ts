// "verified 4m ago": what the health probe (issue 18) last found about a profile's token, in the
// words the CLI, the dashboard and the popover all print — so they never drift apart.
import { formatAgo } from './format.js';

import type { ProfileView } from './protocol/index.js';

const at = (iso: string | undefined): number | null => {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : ms;
};

/**
 * `verified just now` · `verified 4m ago` · `rejected by the server 2m ago` ·
 * `unverified 1m ago (usage server unreachable)`, after an earlier success
 * `verified 31m ago · unverified 1m ago (…)`. Null when the current token was never checked.
 */
export function verificationText(profile: Pick<ProfileView, 'verifiedAt' | 'probe'>, now: number): string | null {
  const verifiedAt = at(profile.verifiedAt);
  const probeAt = at(profile.probe?.at);
  // A clock a little behind the gateway's must not say "in the future".
  const ago = (ms: number) => formatAgo(ms, Math.max(now, ms));
  const verified = verifiedAt !== null ? `verified ${ago(verifiedAt)}` : null;
  if (!profile.probe || probeAt === null || profile.probe.result === 'verified') return verified;
  if (profile.probe.result === 'rejected') return `rejected by the server ${ago(probeAt)}`;
  const why = profile.probe.detail ? ` (${profile.probe.detail})` : '';
  const unverified = `unverified ${ago(probeAt)}${why}`;
  return verified ? `${verified} · ${unverified}` : unverified;
}
