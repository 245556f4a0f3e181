// A problem's one fix (issue 14), as the core derived it (ProfileView.fix): a button that runs a
// login or links a channel again, or — for a key or token only a terminal can take — the command to
// copy. The renderer keeps no provider knowledge: label and command come from the gateway.
import { useState } from 'react';

import { type ProfileFix } from '../../src-shared/protocol/index';

export interface FixActionProps {
  profileId: string;
  fix: ProfileFix;
  /** A login for this profile is already running. */
  running?: boolean;
  offline?: boolean;
  onLogin?: ((profileId: string) => void) | undefined;
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
export function FixAction({ profileId, fix, running = false, offline = false, onLogin, onLink }: FixActionProps) {
  if (fix.kind === 'login' && onLogin) {
    return (
      <button
        type="button"
        className="button button-small button-primary"
        onClick={() => onLogin(profileId)}
        disabled={running || offline}
        aria-label={`${fix.label} ${profileId}`}
      >
        {running ? 'Logging in…' : fix.label}
      </button>
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
