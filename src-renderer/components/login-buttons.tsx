// The buttons that start a login (issue 18): the browser on this machine (the default, the primary
// button), and — for a login that has a device-code flow (ProfileView.deviceLogin) — "from another
// device": a link and a one-time code to finish on a phone, for when nobody sits at this machine.
import { type LoginMethod } from '../../src-shared/protocol/index';

import './login.css';

/** Starts the login of a profile; no method means the browser. */
export type StartLogin = (profileId: string, method?: LoginMethod) => void;

export interface LoginButtonsProps {
  profileId: string;
  /** The words of the gateway's fix: `Re-login`, or `Log in` for a login that never existed. */
  label: string;
  /** Offer the device-code login too. */
  device?: boolean | undefined;
  /** How the login already running for this profile is finished; null when none runs. */
  running?: LoginMethod | null;
  offline?: boolean;
  /** The browser button as the primary action (a problem), or a plain one (a healthy login). */
  primary?: boolean;
  onLogin: StartLogin;
}

export function LoginButtons({
  profileId,
  label,
  device = false,
  running = null,
  offline = false,
  primary = true,
  onLogin,
}: LoginButtonsProps) {
  const browser = (
    <button
      type="button"
      className={`button button-small${primary ? ' button-primary' : ''}`}
      onClick={() => onLogin(profileId)}
      disabled={running === 'browser' || offline}
      aria-label={`${label} ${profileId}`}
    >
      {running === 'browser' ? 'Logging in…' : label}
    </button>
  );
  // Either way may replace the other while it runs (the gateway cancels the first): a code for the
  // phone after all, or the browser here after all.
  if (!device) return browser;
  return (
    <span className="login-buttons">
      {browser}
      <button
        type="button"
        className="button button-small"
        onClick={() => onLogin(profileId, 'device')}
        disabled={running === 'device' || offline}
        aria-label={`${label} from another device: ${profileId}`}
        title="A link and a one-time code to finish the login on your phone or any other device"
      >
        From another device
      </button>
    </span>
  );
}
