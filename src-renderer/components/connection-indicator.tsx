import { type ConnectionState } from '../gateway/dashboard-state';
import { useCountdownNow } from '../lib/use-now';

export interface ConnectionIndicatorProps {
  connection: ConnectionState;
  onRetry: () => void;
}

function RetryIn({ retryAt }: { retryAt: number }) {
  const now = useCountdownNow(retryAt);
  const seconds = Math.max(0, Math.ceil((retryAt - now) / 1000));
  return <>{seconds > 0 ? `retrying in ${seconds}s` : 'retrying…'}</>;
}

/** Is the gateway there? Says so in words, with a Retry now button while it is down. */
export function ConnectionIndicator({ connection, onRetry }: ConnectionIndicatorProps) {
  const { phase } = connection;
  return (
    <div className={`conn conn-${phase}`} role="status" aria-live="polite" data-phase={phase}>
      <span className="conn-dot" aria-hidden="true" />
      <span className="conn-text">
        {phase === 'connected' && 'Connected'}
        {phase === 'connecting' && 'Connecting…'}
        {phase === 'disconnected' && (
          <>Gateway down — {connection.retryAt !== null ? <RetryIn retryAt={connection.retryAt} /> : 'retrying…'}</>
        )}
        {phase === 'unauthorized' && 'Token rejected'}
        {phase === 'no-token' && 'No token'}
      </span>
      {phase === 'disconnected' ? (
        <button type="button" className="button button-small" onClick={onRetry}>
          Retry now
        </button>
      ) : null}
    </div>
  );
}
