// Whether a login is still in flight. (Which profiles the Re-login button can fix, the gateway
// says on each profile: `relogin`.)
import { type LoginState } from '../../src-shared/protocol/index';

/** A login that is starting or waiting for the browser; the others (succeeded, failed, cancelled) are finished. */
export function isLoginRunning(state: LoginState): boolean {
  return state === 'starting' || state === 'waiting';
}
