// The profile list clients see: the auth engine's profiles plus those of other sources that are
// not the agent's to use — today the chat channels' credentials (`slack:bot`, `slack:app`,
// `whatsapp:+<number>`, `discord:bot`). They get statuses, notifications, the tray and the dashboard
// like every other credential, while the agent's failover keeps reading the engine alone. The
// health probe's findings (`verifiedAt`, `probe`) are laid over the engine's views here too.
import type { ProfileView } from '../../../src-shared/protocol/index.js';
import type { AuthEngine } from './types.js';

export interface ProfileFeed {
  profiles(now?: number): ProfileView[];
  reload(): Promise<ProfileView[]>;
  warnBeforeMs?(): number;
  /** Replaces the profiles of source `name`; announces the new list when it differs. */
  setExtra(name: string, profiles: ProfileView[]): void;
  /** Replaces what the health probe found per profile id; announces the new list when it differs. */
  setChecks(checks: ReadonlyMap<string, ProfileChecks>): void;
  /** Called with the whole list when the engine's profiles or an extra source's change. */
  onChanged(listener: (profiles: ProfileView[]) => void): () => void;
}

/** What the health probe adds to a profile's view. */
export type ProfileChecks = Pick<ProfileView, 'verifiedAt' | 'probe' | 'canProbe'>;

/** The views with their probe findings laid over them (a profile without any is left as it is). */
export function withChecks(profiles: ProfileView[], checks: ReadonlyMap<string, ProfileChecks>): ProfileView[] {
  if (checks.size === 0) return profiles;
  return profiles.map((profile) => {
    const found = checks.get(profile.id);
    return found ? { ...profile, ...found } : profile;
  });
}

export function createProfileFeed(
  engine: Pick<AuthEngine, 'profiles' | 'reload' | 'onChanged' | 'warnBeforeMs'>,
): ProfileFeed {
  const extras = new Map<string, ProfileView[]>();
  let checks: ReadonlyMap<string, ProfileChecks> = new Map();
  const listeners = new Set<(profiles: ProfileView[]) => void>();
  const withExtras = (engineViews: ProfileView[]) => {
    const base = withChecks(engineViews, checks);
    const own = new Set(base.map((p) => p.id));
    // An engine profile wins over an extra one with the same id.
    return [...base, ...[...extras.values()].flat().filter((p) => !own.has(p.id))];
  };
  const announce = () => {
    const profiles = withExtras(engine.profiles());
    for (const listener of listeners) listener(profiles);
  };
  engine.onChanged(() => announce());
  return {
    profiles: (now) => withExtras(engine.profiles(now)),
    reload: async () => withExtras(await engine.reload()),
    ...(engine.warnBeforeMs ? { warnBeforeMs: () => engine.warnBeforeMs!() } : {}),
    setExtra(name, profiles) {
      if (JSON.stringify(extras.get(name) ?? []) === JSON.stringify(profiles)) return;
      extras.set(name, profiles);
      announce();
    },
    setChecks(next) {
      if (JSON.stringify([...checks]) === JSON.stringify([...next])) return;
      checks = next;
      announce();
    },
    onChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
