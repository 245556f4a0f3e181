import { useEffect, useRef, useState } from 'react';

import { isLoginRunning } from '../../src-shared/gateway-state';
import { type LoginView } from '../../src-shared/protocol/index';

const STATE_TEXT: Record<LoginView['state'], string> = {
  starting: 'Starting login…',
  waiting: 'Waiting for you to sign in in the browser…',
  succeeded: 'Logged in.',
  failed: 'Login failed.',
  cancelled: 'Login cancelled.',
};

export interface LoginPanelProps {
  login: LoginView;
  onCancel: () => void;
  onDismiss: () => void;
}

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** A running or finished re-login: state, the authorize link, the child's output, Cancel. */
export function LoginPanel({ login, onCancel, onDismiss }: LoginPanelProps) {
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const running = isLoginRunning(login.state);
  const output = useRef<HTMLPreElement>(null);
  // Follow the output like a terminal: the newest line is the one that matters.
  useEffect(() => {
    if (output.current) output.current.scrollTop = output.current.scrollHeight;
  }, [login.lines]);
  return (
    <section className={`login login-${login.state}`} aria-label={`Re-login of ${login.profileId}`}>
      <p className="login-state" role="status" aria-live="polite">
        {STATE_TEXT[login.state]}
        {login.error ? <span className="login-error"> {login.error}</span> : null}
      </p>
      {login.url && running ? (
        <div className="login-url">
          <a href={login.url} target="_blank" rel="noopener noreferrer" className="login-link">
            Open the sign-in page
          </a>
          <button
            type="button"
            className="button button-small"
            onClick={() => void copyText(login.url ?? '').then((ok) => setCopied(ok ? 'copied' : 'failed'))}
          >
            {copied === 'copied' ? 'Copied' : copied === 'failed' ? 'Copy failed' : 'Copy link'}
          </button>
          <code className="login-url-text" title={login.url}>
            {login.url}
          </code>
        </div>
      ) : null}
      {login.userCode && running ? (
        <p className="login-device">
          Code: <code>{login.userCode}</code>
        </p>
      ) : null}
      {login.lines.length > 0 ? (
        <pre className="login-lines" aria-label="Login output" tabIndex={0} ref={output}>
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
