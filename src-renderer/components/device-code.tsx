// A device-code login's one-time code (issue 18): large and copyable, with a live countdown to the
// moment it stops working, beside the link to enter it at. The link is an ordinary link: in the
// menu-bar app the shell sends it through its URL policy to the browser (security.ts), in a browser
// it opens a tab. Nothing here is secret: the reader must see the code to type it on their phone.
import { formatCountdown } from '../../src-shared/format';
import { useCountdownNow } from '../lib/use-now';

import { CopyButton } from './copy-button';
import './login.css';

const HOUR = 3_600_000;

/** `14:32` (minutes:seconds) for the quarter hour a code lives; `1h 5m` for a longer one. */
export function formatCodeClock(ms: number): string {
  if (ms >= HOUR) return formatCountdown(ms);
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The link as a person types it: no scheme, no trailing slash. */
function shownUrl(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

export interface DeviceCodeProps {
  userCode: string;
  /** Where the code is entered. */
  url?: string | undefined;
  /** When the code stops working (ISO); absent when the CLI did not say. */
  expiresAt?: string | undefined;
}

export function DeviceCode({ userCode, url, expiresAt }: DeviceCodeProps) {
  const parsed = expiresAt ? Date.parse(expiresAt) : NaN;
  const target = Number.isNaN(parsed) ? null : parsed;
  const now = useCountdownNow(target);
  const expired = target !== null && target <= now;
  return (
    <div className={`device${expired ? ' device-expired' : ''}`}>
      {url ? (
        <p className="device-step">
          <span className="device-step-n">1</span>
          <span>
            Open{' '}
            <a href={url} target="_blank" rel="noopener noreferrer" className="login-link device-url" title={url}>
              {shownUrl(url)}
            </a>{' '}
            on your phone or any device
          </span>
        </p>
      ) : null}
      <p className="device-step">
        <span className="device-step-n">{url ? 2 : 1}</span>
        <span>Enter this code</span>
      </p>
      <div className="device-code-row">
        <output className="device-code" aria-label="One-time code">
          {userCode}
        </output>
        <CopyButton text={userCode} label="Copy code" disabled={expired} />
      </div>
      {target !== null ? (
        <p className="device-expiry" role="timer" aria-live="off">
          <time dateTime={new Date(target).toISOString()} title={new Date(target).toLocaleString()}>
            {expired ? 'Code expired — start the login again' : `expires in ${formatCodeClock(target - now)}`}
          </time>
        </p>
      ) : null}
    </div>
  );
}
