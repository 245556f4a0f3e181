import { useCallback, useState } from 'react';

import { type MethodParams } from '../src-shared/protocol/index';
import { groupByProvider } from '../src-shared/provider-groups';

import { ConnectionIndicator } from './components/connection-indicator';
import { GatewayPanel } from './components/gateway-panel';
import { ConnectionNotice } from './components/notice';
import { ProviderSection } from './components/provider-section';
import { SettingsView } from './components/settings-view';
import { ProviderSkeleton } from './components/skeleton';
import { type ClawbarBridge } from './gateway/connection-info';
import { useDashboardState, useGatewayStore } from './gateway/use-gateway';
import { notificationsSupported } from './lib/notifications';

export interface AppProps {
  compact: boolean;
  /** The Electron bridge, or null in a browser. */
  bridge: ClawbarBridge | null;
}

type View = 'status' | 'settings';

function NotificationButton() {
  const [permission, setPermission] = useState(() => (notificationsSupported() ? Notification.permission : 'denied'));
  if (permission !== 'default') return null;
  return (
    <button
      type="button"
      className="button button-small"
      onClick={() => void Notification.requestPermission().then(setPermission)}
    >
      Enable notifications
    </button>
  );
}

function StatusView({ compact }: { compact: boolean }) {
  const store = useGatewayStore();
  const { snapshot, logins, connection } = useDashboardState();
  const offline = connection.phase !== 'connected';
  if (!snapshot) {
    return (
      <div className="status-layout" aria-busy="true">
        <div className="providers">
          <ProviderSkeleton cards={1} />
          {compact ? null : <ProviderSkeleton cards={1} />}
        </div>
        <GatewayPanel gateway={null} channels={[]} connected={false} compact={compact} />
      </div>
    );
  }
  const usageByProvider = new Map(snapshot.providers.map((p) => [p.provider, p.usage]));
  const groups = groupByProvider(snapshot.profiles, snapshot.providers);
  return (
    <div className={`status-layout${offline ? ' is-offline' : ''}`}>
      <div className="providers">
        {groups.length === 0 ? (
          <p className="empty">
            No logins found. Sign in with{' '}
            {snapshot.loginTargets.map((target, index) => (
              <span key={target.profileId}>
                {index === 0 ? '' : ' or '}
                <code>{target.command}</code>
              </span>
            ))}
            , or add a key with <code>clawbar auth add-key</code>.
          </p>
        ) : (
          groups.map((group) => (
            <ProviderSection
              key={group.provider}
              group={group}
              usage={usageByProvider.get(group.provider) ?? null}
              logins={logins}
              offline={offline}
              onRelogin={(id) => void store.startLogin(id)}
              onCancelLogin={(id) => void store.cancelLogin(id)}
              onDismissLogin={(id) => store.dismissLogin(id)}
            />
          ))
        )}
      </div>
      <GatewayPanel
        gateway={snapshot.gateway}
        channels={snapshot.channels}
        connected={!offline}
        compact={compact}
        onLinkChannel={(id) => void store.request('channels.link', { channel: id }).catch(() => undefined)}
      />
    </div>
  );
}

/** The whole app: the full dashboard, or the compact popover the menu-bar icon opens. */
export function App({ compact, bridge }: AppProps) {
  const store = useGatewayStore();
  const { connection, snapshot } = useDashboardState();
  const [view, setView] = useState<View>('status');
  // Stable identities: SettingsView reloads whenever getConfig changes.
  const getConfig = useCallback(() => store.request('config.get', {}), [store]);
  const setConfig = useCallback((params: MethodParams<'config.set'>) => store.request('config.set', params), [store]);
  return (
    <div className={`app ${compact ? 'app-compact' : 'app-full'}`}>
      <header className="topbar">
        <h1 className="brand">clawbar</h1>
        <nav className="tabs" aria-label="Views">
          {(['status', 'settings'] as const).map((name) => (
            <button
              key={name}
              type="button"
              className={`tab${view === name ? ' tab-active' : ''}`}
              aria-current={view === name ? 'page' : undefined}
              onClick={() => setView(name)}
            >
              {name === 'status' ? 'Status' : 'Settings'}
            </button>
          ))}
        </nav>
        <ConnectionIndicator connection={connection} onRetry={() => store.retryNow()} compact={compact} />
        {bridge || compact ? null : <NotificationButton />}
      </header>
      <main className="content">
        <ConnectionNotice connection={connection} hasData={snapshot !== null} />
        {view === 'status' ? (
          <StatusView compact={compact} />
        ) : (
          <SettingsView
            connected={connection.phase === 'connected'}
            getConfig={getConfig}
            setConfig={setConfig}
            bridge={bridge}
          />
        )}
      </main>
    </div>
  );
}
