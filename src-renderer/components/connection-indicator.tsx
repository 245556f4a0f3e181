import { type ConnectionState } from '../../src-shared/gateway-state';
import { useCountdownNow } from '../lib/use-now';

export interface ConnectionIndicatorProps {
  connection: ConnectionState;
  onRetry: () => void;
  /** Short words for the popover's narrow bar. */
  compact?: boolean;
}

function RetryIn({ retryAt, compact }: { retryAt: number; compact: boolean }) {
  const now = useCountdownNow(retryAt);
  // Floored like every countdown here, so useCountdownNow wakes exactly when the number changes.
  const seconds = Math.max(0, Math.floor((retryAt - now) / 1000));
  if (compact) return <>{seconds > 0 ? `retry ${seconds}s` : 'retrying…'}</>;
  return <>{seconds > 0 ? `retrying in ${seconds}s` : 'retrying…'}</>;
}

/** Is the gateway there? Says so in words, with a Retry now button while it is down. */
export function ConnectionIndicator({ connection, onRetry, compact = false }: ConnectionIndicatorProps) {
  const { phase } = connection;
  return (
    <div className={`conn conn-${phase}`} role="status" aria-live="polite" data-phase={phase}>
      <span className="conn-dot" aria-hidden="true" />
      <span className="conn-text">
        {phase === 'connected' && 'Connected'}
        {phase === 'connecting' && 'Connecting…'}
        {phase === 'disconnected' && (
          <>
            {compact ? 'Down' : 'Gateway down'}
            {/* The ticking seconds are for the eye; a screen reader hears the state once. */}
            <span aria-hidden="true">
              {' — '}
              {connection.retryAt !== null ? <RetryIn retryAt={connection.retryAt} compact={compact} /> : 'retrying…'}
            </span>
            <span className="visually-hidden">, reconnecting automatically</span>
          </>
        )}
        {phase === 'unauthorized' && 'Token rejected'}
        {phase === 'no-token' && 'No token'}
      </span>
      {phase === 'disconnected' && !compact ? (
        <button type="button" className="button button-small" onClick={onRetry}>
          Retry now
        </button>
      ) : null}
    </div>
  );
}
