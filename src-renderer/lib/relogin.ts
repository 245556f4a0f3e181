// Which profiles the Re-login button can fix: those whose login clawbar can run (DESIGN.md §5),
// and whether a login is still in flight.
import { type LoginState } from '../../src-shared/protocol/index';

export const RELOGIN_PROFILE_IDS: ReadonlySet<string> = new Set([
  'openai-codex:codex-cli',
  'anthropic:claude-cli',
  'openai-codex:default',
]);

export function canRelogin(profileId: string): boolean {
  return RELOGIN_PROFILE_IDS.has(profileId);
}

/** A login that is starting or waiting for the browser; the others (succeeded, failed, cancelled) are finished. */
export function isLoginRunning(state: LoginState): boolean {
  return state === 'starting' || state === 'waiting';
}
