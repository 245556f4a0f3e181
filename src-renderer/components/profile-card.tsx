import { runningMethod } from '../../src-shared/gateway-state';
import { type LoginView, type ProfileView } from '../../src-shared/protocol/index';

import { Countdown } from './countdown';
import { FixAction } from './fix-action';
import { LoginButtons, type StartLogin } from './login-buttons';
import { LoginPanel } from './login-panel';
import { ProblemText } from './problem-text';
import { StatusBadge } from './status-badge';
import { Verification } from './verification';

export interface ProfileCardProps {
  profile: ProfileView;
  login?: LoginView | undefined;
  /** Starts its login: in the browser (no method), or `device` from another device. */
  onRelogin?: StartLogin;
  /** Links a channel again (a WhatsApp profile's fix). */
  onLink?: ((channel: string) => void) | undefined;
  onCancelLogin?: (profileId: string) => void;
  onDismissLogin?: (profileId: string) => void;
  /** Disables actions, e.g. while the gateway is unreachable. */
  offline?: boolean;
}

function Expiry({ profile }: { profile: ProfileView }) {
  const expiresAt = profile.expiresAt ? Date.parse(profile.expiresAt) : null;
  if (expiresAt !== null && !Number.isNaN(expiresAt)) return <Countdown target={expiresAt} className="card-expiry" />;
  const text =
    profile.status === 'static' ? 'no expiry' : profile.status === 'missing' ? 'no credential' : 'expiry unknown';
  return <span className="countdown card-expiry">{text}</span>;
}

/** One auth profile: who, how healthy, how long it has left, what is wrong in words, and the one-click fix. */
export function ProfileCard({
  profile,
  login,
  onRelogin,
  onLink,
  onCancelLogin,
  onDismissLogin,
  offline = false,
}: ProfileCardProps) {
  const running = runningMethod(login);
  const meta = [profile.email, profile.plan ? `plan ${profile.plan}` : null, `source ${profile.source}`].filter(
    Boolean,
  );
  // The gateway words the fix: "Log in" for a login that never existed, "Re-login" after.
  const loginLabel = profile.fix?.kind === 'login' ? profile.fix.label : 'Re-login';
  const headingId = `profile-${profile.id.replace(/[^a-zA-Z0-9_-]/g, '-')}`;
  return (
    <article className={`card card-${profile.status}`} aria-labelledby={headingId} data-profile-id={profile.id}>
      <header className="card-head">
        <h3 className="card-id" id={headingId}>
          {profile.id}
        </h3>
        <StatusBadge status={profile.status} />
      </header>
      <div className="card-row">
        <Expiry profile={profile} />
        {profile.relogin && onRelogin ? (
          <LoginButtons
            profileId={profile.id}
            label={loginLabel}
            device={profile.deviceLogin}
            running={running}
            offline={offline}
            primary={profile.status !== 'ok'}
            onLogin={onRelogin}
          />
        ) : profile.fix ? (
          <FixAction profileId={profile.id} fix={profile.fix} offline={offline} onLink={onLink} />
        ) : null}
      </div>
      <p className="card-meta">{meta.join(' · ')}</p>
      <Verification profile={profile} offline={offline} />
      {profile.summary ? (
        <ProblemText summary={profile.summary} detail={profile.detail} className="card-detail" />
      ) : profile.detail ? (
        <p className="card-detail">{profile.detail}</p>
      ) : null}
      {login ? (
        <LoginPanel
          login={login}
          onCancel={() => onCancelLogin?.(profile.id)}
          onDismiss={() => onDismissLogin?.(profile.id)}
        />
      ) : null}
    </article>
  );
}
