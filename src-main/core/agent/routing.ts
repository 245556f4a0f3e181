// Which of a provider's profiles answers a turn (issue 17): config `auth.strategy` `order` tries
// them as listed; `headroom` tries the one with the most usage left for the turn's model first —
// in the windows that bound that model (a named limit's, Claude's per-family week:
// core/usage/headroom.ts) — skipping any whose window is used up or projected to run out before
// the turn completes, and keeps the session's current profile on a near tie so a conversation
// does not hop between accounts for nothing. Pure: profiles, usage and cooldowns in, the order to
// try and why the others were skipped out.
import { isUsableStatus, usageKeyOf } from '../auth/order.js';
import { rankByHeadroom, turnHeadroom } from '../usage/headroom.js';

import type { ProfileView, ProviderUsage } from '../../../src-shared/protocol/index.js';

export { HEADROOM_TIE_POINTS } from '../usage/headroom.js';
export { usageKeyOf };

export interface RouteInput {
  /** The provider's profiles in the configured order (`profileOrder`). */
  order: readonly string[];
  profiles: readonly ProfileView[];
  strategy: 'order' | 'headroom';
  /** The provider's id of the turn's model (`gpt-6.1-sol`); null: no model in particular. */
  model?: string | null;
  /** The named limit the server last said this model counts against (`x-codex-active-limit`), if known. */
  serverLimit?: string | null;
  /** The clock, for windows projected to run out (default: now). */
  now?: number;
  /** The usage windows a profile's login has, null when unknown (API keys, not fetched yet). */
  usageOf(profileId: string): ProviderUsage | null;
  /** How long a profile still rests for this model after a 429 (0: usable). */
  coolingMs(profileId: string): number;
  /** The profile that answered this session's last turn, if any. */
  current: string | null;
}

export interface Skip {
  profileId: string;
  reason: string;
}

export interface Route {
  /** The profiles to try, in order. */
  tries: string[];
  skipped: Skip[];
}

function waitText(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  return minutes < 60 ? `${minutes}m` : `${Math.ceil(minutes / 60)}h`;
}

/** Decides the order to try a provider's profiles in for one turn. */
export function routeTurn(input: RouteInput): Route {
  const now = input.now ?? Date.now();
  const skipped: Skip[] = [];
  const usable: { id: string; left: number | null; index: number }[] = [];
  input.order.forEach((profileId, index) => {
    const view = input.profiles.find((p) => p.id === profileId);
    if (!view) return;
    if (!isUsableStatus(view.status)) {
      skipped.push({ profileId, reason: view.status });
      return;
    }
    const cooling = input.coolingMs(profileId);
    if (cooling > 0) {
      skipped.push({ profileId, reason: `cooling down ${waitText(cooling)}` });
      return;
    }
    if (input.strategy === 'order') {
      usable.push({ id: profileId, left: null, index });
      return;
    }
    const headroom = turnHeadroom(input.usageOf(profileId), input.model ?? null, now, input.serverLimit ?? null);
    // A used-up window answers 429 anyway, and one about to run out would likely do so mid-turn:
    // skip it before it costs a round trip.
    if (headroom.blocked) {
      skipped.push({ profileId, reason: headroom.blocked });
      return;
    }
    usable.push({ id: profileId, left: headroom.window ? headroom.window.leftPercent : null, index });
  });
  if (input.strategy === 'order') return { tries: usable.map((u) => u.id), skipped };
  return { tries: rankByHeadroom(usable, input.current).map((u) => u.id), skipped };
}
