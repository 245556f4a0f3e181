// Profile views for the owner-DM tests (owner-dying, owner-desk): a healthy Codex-shaped OAuth
// profile unless told otherwise.
import type { ProfileView } from '../../../src-shared/protocol/index.js';

const HOUR = 3_600_000;

/** A profile view: an OAuth login with ten days left unless `overrides` say otherwise. */
export function profileView(overrides: Partial<ProfileView> & Pick<ProfileView, 'id'>): ProfileView {
  return {
    provider: overrides.id.split(':')[0]!,
    type: 'oauth',
    source: 'codex-cli',
    status: 'ok',
    expiresAt: new Date(Date.now() + 240 * HOUR).toISOString(),
    remainingMs: 240 * HOUR,
    refreshable: true,
    relogin: true,
    detail: null,
    ...overrides,
  };
}
