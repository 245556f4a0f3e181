// A provider's headline in words (DESIGN.md §3, issue 14): "will my agent keep working, and until
// when" — `Codex works · login expires in 1h 59m`, `Claude stopped · login expired 2h 0m ago`. The
// facts come computed from the core (the provider view's status and headline); this only words
// them, the same for the tray, the popover, the dashboard and the CLI.
import { formatDuration } from './format.js';

import type { ProfileView, ProviderView } from './protocol/index.js';

export interface HeadlineWords {
  /** The agent has a usable profile of this provider now. */
  works: boolean;
  /** `Codex works` / `Codex stopped`. */
  subject: string;
  /** `login expires in 1h 59m`, `API key, no expiry`, `login expired 2h 0m ago`, `not logged in`. */
  clause: string;
  /** `Codex works · login expires in 1h 59m`. */
  text: string;
  /** The profile the words are about (the one in use, or the worst one), if any. */
  profile: ProfileView | null;
}

/** What a credential is called in a headline. */
function noun(profile: ProfileView): string {
  if (profile.type === 'api_key') return 'API key';
  if (profile.type === 'token') return 'token';
  return 'login';
}

function usableClause(profile: ProfileView, now: number): string {
  const at = profile.expiresAt === null ? Number.NaN : Date.parse(profile.expiresAt);
  if (!Number.isNaN(at)) return `${noun(profile)} expires in ${formatDuration(at - now)}`;
  if (profile.type === 'api_key') return 'API key, no expiry';
  if (profile.type === 'token') return profile.source === 'device' ? 'linked' : 'token accepted';
  return `${noun(profile)} ok`;
}

function stoppedClause(profile: ProfileView | null, now: number): string {
  if (!profile) return 'nothing set up';
  const what = noun(profile);
  if (profile.status === 'missing') {
    if (profile.source === 'device') return 'not linked';
    return profile.type === 'oauth' ? 'not logged in' : `no ${what}`;
  }
  if (/rejected/i.test(profile.detail ?? '') || /rejected/i.test(profile.summary ?? '')) {
    return `${what} rejected by the server`;
  }
  if (/logged out/i.test(profile.detail ?? '')) return 'logged out';
  const at = profile.expiresAt === null ? Number.NaN : Date.parse(profile.expiresAt);
  if (!Number.isNaN(at) && at <= now) return `${what} expired ${formatDuration(now - at)} ago`;
  return `${what} stopped working`;
}

/**
 * The headline of `provider` at `now`, from its view and the profiles (to find the one the
 * headline is about). Older gateways send no `headline`: the status alone still gives the verdict.
 */
export function headlineWords(provider: ProviderView, profiles: readonly ProfileView[], now: number): HeadlineWords {
  const byId = new Map(profiles.map((profile) => [profile.id, profile]));
  const used = provider.headline?.profileId ? (byId.get(provider.headline.profileId) ?? null) : null;
  const works =
    used !== null || provider.status === 'ok' || provider.status === 'expiring' || provider.status === 'static';
  if (works && used) {
    const clause = usableClause(used, now);
    const subject = `${provider.shortName} works`;
    return { works, subject, clause, text: `${subject} · ${clause}`, profile: used };
  }
  // None usable: speak of the worst profile, the one whose status the provider carries.
  const worst = profiles.find(
    (profile) => profile.provider === provider.provider && profile.status === provider.status,
  );
  const subject = `${provider.shortName} ${works ? 'works' : 'stopped'}`;
  if (works && !worst) return { works, subject, clause: '', text: subject, profile: null };
  const clause = works && worst ? usableClause(worst, now) : stoppedClause(worst ?? null, now);
  return { works, subject, clause, text: `${subject} · ${clause}`, profile: worst ?? null };
}

/** The profiles listed under a headline (the other profiles' problems), most urgent first. */
export function secondaryProblems(provider: ProviderView, profiles: readonly ProfileView[]): ProfileView[] {
  const ids = provider.headline?.problems;
  if (ids) {
    const byId = new Map(profiles.map((profile) => [profile.id, profile]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }
  // An older gateway: every unhealthy profile of the provider.
  return profiles.filter(
    (profile) => profile.provider === provider.provider && profile.status !== 'ok' && profile.status !== 'static',
  );
}
