import { useEffect, useRef } from 'react';

import { isLoginRunning } from '../../src-shared/gateway-state';
import { type LoginView } from '../../src-shared/protocol/index';

import { CopyButton } from './copy-button';
import { DeviceCode } from './device-code';

const STATE_TEXT: Record<LoginView['state'], string> = {
  starting: 'Starting login…',
  waiting: 'Waiting for the sign-in in your browser…',
  succeeded: 'Logged in.',
  failed: 'Login failed.',
  cancelled: 'Login cancelled.',
};

export interface LoginPanelProps {
  login: LoginView;
  onCancel: () => void;
  onDismiss: () => void;
}

/** What the login waits for, in words: a device login is finished elsewhere. */
function stateText(login: LoginView): string {
  if (login.state === 'waiting' && login.method === 'device') return 'Waiting for the sign-in on the other device…';
  return STATE_TEXT[login.state];
}

/**
 * A running or finished re-login: state, the authorize link (or, for a device login, the one-time
 * code with its countdown), the child's output, Cancel.
 */
export function LoginPanel({ login, onCancel, onDismiss }: LoginPanelProps) {
  const running = isLoginRunning(login.state);
  const output = useRef<HTMLPreElement>(null);
  // Start at the first line (it names the login server and the URL: never cut it off), and follow
  // the output like a terminal once the reader has scrolled to its end.
  const following = useRef(false);
  useEffect(() => {
    if (output.current && following.current) output.current.scrollTop = output.current.scrollHeight;
  }, [login.lines]);
  const onScroll = () => {
    const box = output.current;
    if (box) following.current = box.scrollTop + box.clientHeight >= box.scrollHeight - 2;
  };
  return (
    <section className={`login login-${login.state}`} aria-label={`Re-login of ${login.profileId}`}>
      <p className="login-state" role="status" aria-live="polite">
        {stateText(login)}
        {login.error ? <span className="login-error"> {login.error}</span> : null}
      </p>
      {login.userCode && running ? (
        <DeviceCode userCode={login.userCode} url={login.url} expiresAt={login.expiresAt} />
      ) : login.url && running ? (
        <div className="login-url">
          <a href={login.url} target="_blank" rel="noopener noreferrer" className="login-link">
            Open the sign-in page
          </a>
          <CopyButton text={login.url} label="Copy link" />
          <code className="login-url-text" title={login.url}>
            {login.url}
          </code>
        </div>
      ) : null}
      {/* While its code shows, a device login's output says nothing more (it printed that code). */}
      {login.lines.length > 0 && !(login.userCode && running) ? (
        <pre className="login-lines" aria-label="Login output" tabIndex={0} ref={output} onScroll={onScroll}>
          {login.lines.join('\n')}
        </pre>
      ) : null}
      <div className="login-actions">
        {running ? (
          <button type="button" className="button button-small" onClick={onCancel} disabled={!login.loginId}>
            Cancel
          </button>
        ) : (
          <button type="button" className="button button-small" onClick={onDismiss}>
            Dismiss
          </button>
        )}
      </div>
    </section>
  );
}
