import { type ConnectionState } from '../../src-shared/gateway-state';

/** What to do when the page cannot talk to the gateway; nothing while it can. */
export function ConnectionNotice({ connection, hasData }: { connection: ConnectionState; hasData: boolean }) {
  switch (connection.phase) {
    case 'no-token':
      return (
        <p className="notice notice-error" role="alert">
          This page needs the gateway token. Run <code>clawbar dashboard</code> and open the link it prints.
        </p>
      );
    case 'unauthorized':
      return (
        <p className="notice notice-error" role="alert">
          The gateway rejected this page&apos;s token. Run <code>clawbar dashboard</code> and open the new link.
        </p>
      );
    case 'disconnected':
      return (
        <p className="notice notice-warn" role="alert">
          The gateway is down or unreachable. {hasData ? 'Showing the last known state. ' : ''}Start it with{' '}
          <code>clawbar gateway</code>; this page reconnects by itself.
          {connection.error ? <span className="notice-detail">Last error: {connection.error}</span> : null}
        </p>
      );
    default:
      return null;
  }
}
