// A problem's one fix (issue 14), as the core derived it (ProfileView.fix): a button that runs a
// login or links a channel again, or — for a key or token only a terminal can take — the command to
// copy. The renderer keeps no provider knowledge: label and command come from the gateway.
import { useState } from 'react';

import { type LoginMethod, type ProfileFix } from '../../src-shared/protocol/index';

import { LoginButtons, type StartLogin } from './login-buttons';

export interface FixActionProps {
  profileId: string;
  fix: ProfileFix;
  /** How the login already running for this profile is finished; null when none runs. */
  running?: LoginMethod | null;
  /** Its login can also be finished on another device (ProfileView.deviceLogin). */
  device?: boolean | undefined;
  offline?: boolean;
  onLogin?: StartLogin | undefined;
  onLink?: ((channel: string) => void) | undefined;
}

function CopyCommand({ command }: { command: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    void navigator.clipboard?.writeText(command).then(() => setCopied(true));
  };
  return (
    <span className="fix-command">
      <code title={command}>{command}</code>
      {navigator.clipboard ? (
        <button type="button" className="button button-small" onClick={copy} aria-label={`Copy ${command}`}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      ) : null}
    </span>
  );
}

/** The fix of one profile's problem: a button, or the command to run. */
export function FixAction({
  profileId,
  fix,
  running = null,
  device,
  offline = false,
  onLogin,
  onLink,
}: FixActionProps) {
  if (fix.kind === 'login' && onLogin) {
    return (
      <LoginButtons
        profileId={profileId}
        label={fix.label}
        device={device}
        running={running}
        offline={offline}
        onLogin={onLogin}
      />
    );
  }
  if (fix.kind === 'link' && fix.channel && onLink) {
    const channel = fix.channel;
    return (
      <button
        type="button"
        className="button button-small button-primary"
        onClick={() => onLink(channel)}
        disabled={offline}
      >
        {fix.label}
      </button>
    );
  }
  return <CopyCommand command={fix.command} />;
}
