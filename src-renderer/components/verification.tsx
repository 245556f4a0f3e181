// Issue 18's health probe on a profile card: "verified 4m ago" (or "rejected by the server 2m ago")
// and a "Check now" button that asks the gateway to probe the token at once (`auth.probe`). The
// result arrives like every other change, as `auth.changed`; the button only says it is waiting.
import { useContext, useState } from 'react';

import { errorMessage } from '../../src-shared/error-message';
import { type ProfileView } from '../../src-shared/protocol/index';
import { verificationText } from '../../src-shared/verification-text';
import { GatewayStoreContext } from '../gateway/use-gateway';
import { useNow } from '../lib/use-now';

export interface VerificationProps {
  profile: ProfileView;
  offline?: boolean;
}

/** The words alone (the popover's headline row): `verified 4m ago`, or nothing for a token never checked. */
export function VerifiedText({ profile, className }: { profile: ProfileView; className: string }) {
  const now = useNow(15_000);
  const text = verificationText(profile, now);
  if (!text) return null;
  const rejected = profile.probe?.result === 'rejected';
  return (
    <p className={`${className}${rejected ? ' verification-rejected' : ''}`} data-verification>
      {text}
    </p>
  );
}

/** The last check of a profile's token and, where the gateway can make one, a button to check now. */
export function Verification({ profile, offline = false }: VerificationProps) {
  // Absent outside a connected page (a component test without a gateway): the text alone shows.
  const store = useContext(GatewayStoreContext);
  const now = useNow(15_000);
  const [checking, setChecking] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const text = verificationText(profile, now);
  const canCheck = store !== null && profile.canProbe === true;
  if (!text && !canCheck) return null;
  const check = () => {
    if (!store) return;
    setChecking(true);
    setFailure(null);
    store
      .request('auth.probe', { profileId: profile.id })
      .catch((error: unknown) => setFailure(errorMessage(error)))
      .finally(() => setChecking(false));
  };
  const rejected = profile.probe?.result === 'rejected';
  return (
    <p className="verification">
      {text ? (
        <span className={`verification-text${rejected ? ' verification-rejected' : ''}`} data-verification>
          {text}
        </span>
      ) : null}
      {canCheck ? (
        <button
          type="button"
          className="button button-small"
          onClick={check}
          disabled={checking || offline}
          aria-label={`Check ${profile.id} with its server now`}
        >
          {checking ? 'Checking…' : 'Check now'}
        </button>
      ) : null}
      {failure ? <span className="verification-failure">{failure}</span> : null}
    </p>
  );
}
