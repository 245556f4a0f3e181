// A test double of our own AuthEngine interface, for usage tests that need exact control over
// profiles (the real engine is exercised in the end-to-end tests).
import type { AuthEngine, Credential, ProfileView } from '../auth/types.js';

export interface FakeAuth extends AuthEngine {
  rejections: { profileId: string; status: number }[];
  /** Replaces a profile (and its credential) and emits a change, as a file change would. */
  set(profile: ProfileView, credential: Credential | null): void;
  remove(profileId: string): void;
}

export function oauthProfile(id: string, overrides: Partial<ProfileView> = {}): ProfileView {
  const [provider = id, source = 'clawbar'] = id.split(':');
  return {
    id,
    provider,
    type: 'oauth',
    source,
    status: 'ok',
    expiresAt: null,
    remainingMs: null,
    refreshable: true,
    relogin: false,
    detail: null,
    ...overrides,
  };
}

export function createFakeAuth(entries: [ProfileView, Credential | null][]): FakeAuth {
  const profiles = new Map(entries.map(([profile]) => [profile.id, profile]));
  const credentials = new Map(entries.map(([profile, credential]) => [profile.id, credential]));
  const listeners = new Set<(profiles: ProfileView[]) => void>();
  const emit = () => {
    for (const listener of listeners) listener([...profiles.values()]);
  };
  const auth: FakeAuth = {
    rejections: [],
    start: async () => {},
    stop: async () => {},
    reload: async () => [...profiles.values()],
    profiles: () => [...profiles.values()],
    credential: (profileId) => credentials.get(profileId) ?? null,
    markRejected(profileId, httpStatus) {
      auth.rejections.push({ profileId, status: httpStatus });
      const profile = profiles.get(profileId);
      if (profile) {
        profiles.set(profileId, { ...profile, status: 'expired', detail: `rejected by server (${httpStatus})` });
      }
      emit();
    },
    // The usage tests set statuses directly; a config change has nothing to recompute here.
    applyConfig: () => undefined,
    onChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(profile, credential) {
      profiles.set(profile.id, profile);
      credentials.set(profile.id, credential);
      emit();
    },
    remove(profileId) {
      profiles.delete(profileId);
      credentials.delete(profileId);
      emit();
    },
  };
  return auth;
}
