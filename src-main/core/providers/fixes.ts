// The one fix of a profile's problem (issue 14: every problem row shows its fix), derived from the
// provider descriptors: the UI's button and the CLI's `→ run:` hint come from here, so neither keeps
// any knowledge of providers. A login that never existed offers "Log in", not "Re-login".
import { providerOf } from '../auth/reading.js';

import { findProfile, findProvider, loginOf, shortName } from './registry.js';

import type { ProfileFix, ProfileStatus } from '../../../src-shared/protocol/index.js';

export interface FixQuery {
  id: string;
  status: ProfileStatus;
  /** Something beyond the status is wrong (an automatic refresh failed): a fix is worth offering. */
  troubled?: boolean;
}

/**
 * Whether the profile has a problem a fix is for: it stopped (expired, rejected), is absent, or its
 * automatic refresh failed. Merely `expiring` is not one: its CLI or clawbar refreshes it in time.
 */
export function needsFix({ status, troubled = false }: FixQuery): boolean {
  return status === 'expired' || status === 'missing' || troubled;
}

/** The fix for a profile's problem, or null when it has none (or clawbar knows no fix for it). */
export function profileFix(query: FixQuery): ProfileFix | null {
  if (!needsFix(query)) return null;
  const { id, status } = query;
  const never = status === 'missing';
  const provider = providerOf(id);
  const login = loginOf(id);
  if (login?.kind === 'cli') {
    // A first login is the CLI's own command; renewing one goes through clawbar, which watches it land.
    const command = never ? [login.command, ...login.args].join(' ') : `clawbar relogin ${login.cli}`;
    return { kind: 'login', label: never ? 'Log in' : 'Re-login', command };
  }
  if (login?.kind === 'own') return { kind: 'login', label: never ? 'Log in' : 'Re-login', command: login.command };
  const secret = findProfile(id)?.secret;
  if (secret) {
    return { kind: 'command', label: never ? 'Add token' : 'Replace token', command: `clawbar secrets set ${secret}` };
  }
  const descriptor = findProvider(provider);
  if (descriptor?.relink) {
    const name = shortName(provider);
    return {
      kind: 'link',
      label: never ? `Link ${name}` : `Re-link ${name}`,
      command: descriptor.relink.command,
      channel: descriptor.relink.channel,
    };
  }
  // An API key (the environment's or clawbar's): a key added with clawbar comes first in the order.
  if (descriptor?.profiles.some((p) => p.source === 'keychain')) {
    return { kind: 'command', label: never ? 'Add key' : 'Replace key', command: `clawbar auth add-key ${provider}` };
  }
  return null;
}
