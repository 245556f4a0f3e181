// Notifications about routing between accounts (issue 17), apart from the window notifications of
// policy.ts: the agent moved to another account because one ran out (once per move: the agent
// tells of a move, not of each turn on the new account), and every login of the agent's provider
// is used up, with the first one back. Pure: state in, notifications out.
import { formatDuration } from '../../../src-shared/format.js';
import { shortName } from '../providers/registry.js';
import { windowsForModel } from '../usage/headroom.js';

import type { AccountView, NotifyEvent, ProfileView, ProviderView } from '../../../src-shared/protocol/index.js';
import type { AccountSwitch } from '../agent/types.js';

/** A provider's logins as the notifier sees them: its default login's usage and each account's. */
type ProviderLogins = Pick<ProviderView, 'provider' | 'usage'> & {
  accounts?: (Pick<AccountView, 'id' | 'label' | 'usage'> & { status?: AccountView['status'] })[] | undefined;
};

type Fire = (key: string, event: Omit<NotifyEvent, 'id'> | null) => void;

// Two readings of one reset time may differ by seconds; closer than this they are one episode.
const SAME_RESET_MS = 10 * 60_000;
const USABLE: ReadonlySet<AccountView['status']> = new Set(['ok', 'expiring', 'static']);

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** How a profile's login is named in a sentence: its account's label, or `the default login`. */
function loginName(profileId: string, profiles: readonly Pick<ProfileView, 'id' | 'accountLabel' | 'account'>[]) {
  const profile = profiles.find((p) => p.id === profileId);
  const at = profileId.lastIndexOf('@');
  return (
    profile?.accountLabel ??
    profile?.account ??
    (at > profileId.indexOf(':') ? profileId.slice(at + 1) : 'the default login')
  );
}

/** A routing skip reason as the rest of a sentence: `5h 0% left` → `5h window is used up`. */
function shortage(reason: string): string {
  const usedUp = /^(.+?) -?[\d.]+% left$/.exec(reason);
  if (usedUp) return `${usedUp[1]} window is used up`;
  const runsOut = /^(.+?) runs out in (.+)$/.exec(reason);
  if (runsOut) return `${runsOut[1]} window runs out in ${runsOut[2]}`;
  return /^out of quota/.test(reason) ? 'quota is used up' : reason;
}

/** `Codex switched to Personal` — `Work's Week window is used up.` */
export function switchNotification(
  event: AccountSwitch,
  profiles: readonly Pick<ProfileView, 'id' | 'accountLabel' | 'account'>[],
  now: number,
): NotifyEvent {
  const name = shortName(event.provider);
  return {
    id: `switch|${event.provider}|${event.from}|${event.to}|${now}`,
    level: 'warning',
    title: `${name} switched to ${loginName(event.to, profiles)}`,
    body: `${capitalise(loginName(event.from, profiles))}'s ${shortage(event.reason)}.`,
    profileId: event.to,
  };
}

/**
 * Every login of the agent's provider used up for the agent's model (a window bounding it at 0 %
 * left): one critical notification per episode, saying which login comes back first and when.
 * Only for a provider with accounts: a single login's own window notifications already say it.
 * A login whose usage is not known (not fetched yet) may still have some: then nothing is said.
 */
export function evaluateExhausted(
  provider: ProviderLogins,
  memory: { fired: Record<string, number> },
  input: { now: number; agentModel?: string | undefined },
  fire: Fire,
): void {
  const prefix = `${provider.provider}/`;
  if (!input.agentModel?.startsWith(prefix) || !provider.accounts?.length) return;
  const model = input.agentModel.slice(prefix.length);
  const logins = [
    { name: 'the default login', usage: provider.usage },
    ...provider.accounts.map((account) => {
      // A usable account without a reading may have usage left: unknown is not used up.
      if (!account.usage && account.status && USABLE.has(account.status))
        return { name: account.label, usage: undefined };
      return { name: account.label, usage: account.usage };
    }),
  ];
  let first: { name: string; at: number | null } | null = null;
  let counted = 0;
  for (const login of logins) {
    if (login.usage === undefined) return;
    if (login.usage === null) continue;
    const used = windowsForModel(login.usage, model).windows.filter((window) => window.leftPercent <= 0);
    if (used.length === 0) return;
    counted += 1;
    // Back once every used-up window has reset; unknown when one has no reset time.
    const resets = used.map((window) => (window.resetAt ? Date.parse(window.resetAt) : NaN));
    const back = resets.some((ms) => Number.isNaN(ms)) ? null : Math.max(...resets);
    if (!first || (back !== null && (first.at === null || back < first.at))) first = { name: login.name, at: back };
  }
  if (!first || counted === 0) return;
  const at = first.at;
  const base = `exhausted|${provider.provider}|`;
  const told = Object.keys(memory.fired).some((key) => {
    if (!key.startsWith(base)) return false;
    const part = key.slice(base.length);
    return part === 'none' ? at === null : at !== null && Math.abs(Number(part) - at) < SAME_RESET_MS;
  });
  if (told) return;
  const name = shortName(provider.provider);
  fire(`${base}${at ?? 'none'}`, {
    level: 'critical',
    title: `Every ${name} login is used up`,
    body:
      at === null
        ? `The agent has no ${name} login with usage left for ${model}.`
        : `The agent has no ${name} login with usage left for ${model}; ${first.name} is back first, in ${formatDuration(at - input.now)} (${new Date(at).toISOString().slice(11, 16)} UTC).`,
  });
}
