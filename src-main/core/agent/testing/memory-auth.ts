// An in-memory stand-in for the auth engine's read side, for tests that are not about auth
// files: profiles with a status, credentials by id, and markRejected turning a profile expired
// (the AuthEngine contract). The failover tests also run against the real engine.
import type { ProfileStatus, ProfileView } from '../../../../src-shared/protocol/index.js';
import type { AuthEngine, Credential } from '../../auth/types.js';

export interface MemoryProfile {
  id: string;
  status: ProfileStatus;
  credential: Omit<Credential, 'profileId' | 'provider' | 'expiresAt'>;
}

export function memoryAuth(entries: MemoryProfile[]) {
  const rejected = new Map<string, number>();
  const auth: Pick<AuthEngine, 'profiles' | 'credential' | 'markRejected'> = {
    profiles: () =>
      entries.map((e): ProfileView => ({
        id: e.id,
        provider: e.id.split(':')[0]!,
        type: e.credential.type,
        source: e.id.split(':')[1]!,
        status: rejected.has(e.id) ? 'expired' : e.status,
        expiresAt: null,
        remainingMs: null,
        refreshable: false,
        relogin: false,
        detail: rejected.has(e.id) ? `rejected by server (${rejected.get(e.id)})` : null,
      })),
    credential: (id) => {
      const e = entries.find((x) => x.id === id);
      return e ? { ...e.credential, profileId: id, provider: id.split(':')[0]!, expiresAt: null } : null;
    },
    markRejected: (id, status) => void rejected.set(id, status),
  };
  return { auth, rejected };
}
