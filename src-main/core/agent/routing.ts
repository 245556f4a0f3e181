// Which of a provider's profiles answers a turn (issue 17): config `auth.strategy` `order` tries
// them as listed; `headroom` tries the one with the most usage left in its tightest window first,
// skipping any whose window is used up, and keeps the session's current profile on a near tie so a
// conversation does not hop between accounts for nothing. Pure: profiles, usage and cooldowns in,
// the order to try and why the others were skipped out.
import { splitAccount } from '../auth/account-id.js';
import { isUsableStatus } from '../auth/order.js';
import { providerOf } from '../auth/reading.js';

import type { ProfileView, ProviderUsage } from '../../../src-shared/protocol/index.js';

/** Percentage points within which two profiles count as tied (the current one stays). */
export const HEADROOM_TIE_POINTS = 5;

export interface RouteInput {
  /** The provider's profiles in the configured order (`profileOrder`). */
  order: readonly string[];
  profiles: readonly ProfileView[];
  strategy: 'order' | 'headroom';
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

/** The usage key whose windows a profile's login reads: its provider's, or its account's. */
export function usageKeyOf(profileId: string): string {
  const { account } = splitAccount(profileId);
  return account ? `${providerOf(profileId)}@${account}` : providerOf(profileId);
}

/** The tightest window (least left), or null without windows. */
export function tightestWindow(usage: ProviderUsage | null): ProviderUsage['windows'][number] | null {
  let tightest: ProviderUsage['windows'][number] | null = null;
  for (const window of usage?.windows ?? [])
    if (!tightest || window.leftPercent < tightest.leftPercent) tightest = window;
  return tightest;
}

function waitText(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  return minutes < 60 ? `${minutes}m` : `${Math.ceil(minutes / 60)}h`;
}

/** Decides the order to try a provider's profiles in for one turn. */
export function routeTurn(input: RouteInput): Route {
  const skipped: Skip[] = [];
  const usable: { profileId: string; left: number | null; index: number }[] = [];
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
    const window = input.strategy === 'headroom' ? tightestWindow(input.usageOf(profileId)) : null;
    // A used-up window answers 429 anyway: skip it before it costs a round trip.
    if (window && window.leftPercent <= 0) {
      skipped.push({ profileId, reason: `${window.label} ${window.leftPercent}% left` });
      return;
    }
    usable.push({ profileId, left: window ? window.leftPercent : null, index });
  });
  if (input.strategy === 'order') return { tries: usable.map((u) => u.profileId), skipped };
  // Known headroom first, most left first; unknown (an API key has no windows) after, in order.
  const ranked = [...usable].sort((a, b) => {
    if (a.left === null || b.left === null) return a.left === null ? (b.left === null ? a.index - b.index : 1) : -1;
    return b.left - a.left || a.index - b.index;
  });
  const sticky = ranked.find((u) => u.profileId === input.current);
  const best = ranked[0];
  if (sticky && best && sticky !== best) {
    const tied = best.left === null || (sticky.left !== null && best.left - sticky.left <= HEADROOM_TIE_POINTS);
    if (tied) {
      ranked.splice(ranked.indexOf(sticky), 1);
      ranked.unshift(sticky);
    }
  }
  return { tries: ranked.map((u) => u.profileId), skipped };
}
