import { useCallback, useState } from 'react';

import { type MethodParams } from '../src-shared/protocol/index';
import { groupByProvider } from '../src-shared/provider-groups';

import { AccountsPanel } from './components/accounts-panel';
import { HistoryPanel } from './components/charts/history-panel';
import { PopoverSparklines } from './components/charts/sparkline';
import { ConnectionIndicator } from './components/connection-indicator';
import { GatewayPanel } from './components/gateway-panel';
import { HookFailures } from './components/hook-failures';
import { ConnectionNotice } from './components/notice';
import { ProviderRow } from './components/provider-row';
import { ProviderSection } from './components/provider-section';
import { RoutingPanel } from './components/routing-panel';
import { SettingsView } from './components/settings-view';
import { ProviderSkeleton } from './components/skeleton';
import { UpdatedAgo } from './components/updated-ago';
import { type ClawbarBridge } from './gateway/connection-info';
import { useDashboardState, useGatewayStore } from './gateway/use-gateway';
import { notificationsSupported } from './lib/notifications';

export interface AppProps {
  compact: boolean;
  /** The Electron bridge, or null in a browser. */
  bridge: ClawbarBridge | null;
}

type View = 'status' | 'settings';

/** Phases in which no snapshot will come until the user acts: no skeleton spinning for nothing. */
const WAITING_FOR_USER = new Set(['no-token', 'unauthorized']);

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

/** Refresh: fresh usage numbers now (the gateway re-reads credential files by itself). */
function RefreshButton({ className = '' }: { className?: string }) {
  const store = useGatewayStore();
  const { connection } = useDashboardState();
  const [busy, setBusy] = useState(false);
  const refresh = () => {
    setBusy(true);
    void store
      .request('usage.refresh', {})
      .catch(() => undefined)
      .finally(() => setBusy(false));
  };
  return (
    <button
      type="button"
      className={`button button-small ${className}`}
      onClick={refresh}
      disabled={busy || connection.phase !== 'connected'}
    >
      {busy ? 'Refreshing…' : 'Refresh'}
    </button>
  );
}

function EmptyHint() {
  const { snapshot } = useDashboardState();
  return (
    <p className="empty">
      No logins found. Sign in with{' '}
      {(snapshot?.loginTargets ?? []).map((target, index) => (
        <span key={target.profileId}>
          {index === 0 ? '' : ' or '}
          <code>{target.command}</code>
        </span>
      ))}
      , or add a key with <code>clawbar auth add-key</code>.
    </p>
  );
}

function StatusView({ compact }: { compact: boolean }) {
  const store = useGatewayStore();
  const { snapshot, logins, connection } = useDashboardState();
  const offline = connection.phase !== 'connected';
  if (!snapshot) {
    if (WAITING_FOR_USER.has(connection.phase)) return null;
    return (
      <div className="status-layout" aria-busy="true">
        <div className="providers">
          <ProviderSkeleton cards={1} />
          {compact ? null : <ProviderSkeleton cards={1} />}
        </div>
        {compact ? null : <GatewayPanel gateway={null} channels={[]} connected={false} compact={compact} />}
      </div>
    );
  }
  const usageByProvider = new Map(snapshot.providers.map((p) => [p.provider, p.usage]));
  const groups = groupByProvider(snapshot.profiles, snapshot.providers);
  const onLink = (channel: string) => void store.request('channels.link', { channel }).catch(() => undefined);
  const loginActions = {
    onCancelLogin: (id: string) => void store.cancelLogin(id),
    onDismissLogin: (id: string) => store.dismissLogin(id),
  };
  if (compact) {
    return (
      // The popover's rows get a sparkline of their last day; the dashboard has the full charts.
      <PopoverSparklines>
        <div className={`popover-list${offline ? ' is-offline' : ''}`}>
          {groups.length === 0 ? <EmptyHint /> : null}
          {groups.map((group) => (
            <ProviderRow
              key={group.provider}
              group={group}
              profiles={snapshot.profiles}
              logins={logins}
              offline={offline}
              onLogin={(id, method) => void store.startLogin(id, method)}
              onLink={onLink}
              {...loginActions}
            />
          ))}
        </div>
      </PopoverSparklines>
    );
  }
  const shortNames = new Map(snapshot.providers.map((p) => [p.provider, p.shortName]));
  return (
    <div className={`status-layout${offline ? ' is-offline' : ''}`}>
      <div className="providers">
        {groups.length === 0 ? <EmptyHint /> : null}
        {groups.map((group) => (
          <ProviderSection
            key={group.provider}
            group={group}
            profiles={snapshot.profiles}
            usage={usageByProvider.get(group.provider) ?? null}
            logins={logins}
            offline={offline}
            onRelogin={(id, method) => void store.startLogin(id, method)}
            onLink={onLink}
            {...loginActions}
          />
        ))}
        <AccountsPanel />
      </div>
      <div className="side-panels">
        <GatewayPanel
          gateway={snapshot.gateway}
          channels={snapshot.channels}
          connected={!offline}
          compact={compact}
          onLinkChannel={onLink}
        />
        <HookFailures failures={snapshot.hookFailures ?? []} />
      </div>
      <RoutingPanel />
      <HistoryPanel nameOf={(provider) => shortNames.get(provider) ?? provider} />
    </div>
  );
}

/** The popover's footer, as menu-bar apps have it: Refresh, the dashboard, settings, quit. */
function PopoverFooter({
  view,
  setView,
  bridge,
}: {
  view: View;
  setView: (v: View) => void;
  bridge: ClawbarBridge | null;
}) {
  // The shell opens the dashboard with its token and quits the app; a browser tab just navigates.
  const openDashboard = bridge?.openDashboard ? () => void bridge.openDashboard?.() : () => location.assign('/');
  return (
    <footer className="popover-footer">
      <RefreshButton />
      <button type="button" className="button button-small" onClick={openDashboard}>
        Dashboard
      </button>
      <button
        type="button"
        className={`button button-small${view === 'settings' ? ' button-active' : ''}`}
        aria-pressed={view === 'settings'}
        onClick={() => setView(view === 'settings' ? 'status' : 'settings')}
      >
        Settings
      </button>
      {bridge?.quit ? (
        <button type="button" className="button button-small" onClick={() => void bridge.quit?.()}>
          Quit
        </button>
      ) : null}
    </footer>
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
  const listModels = useCallback(() => store.request('models.list', { all: true }), [store]);
  const settings = (
    <SettingsView
      connected={connection.phase === 'connected'}
      getConfig={getConfig}
      setConfig={setConfig}
      listModels={listModels}
      bridge={bridge}
    />
  );
  if (compact) {
    return (
      <div className="app app-compact">
        <header className="topbar">
          <h1 className="brand">clawbar</h1>
          <UpdatedAgo snapshot={snapshot} />
          <ConnectionIndicator connection={connection} onRetry={() => store.retryNow()} compact />
        </header>
        <main className="content">
          <ConnectionNotice connection={connection} hasData={snapshot !== null} />
          {view === 'status' ? <StatusView compact /> : settings}
        </main>
        <PopoverFooter view={view} setView={setView} bridge={bridge} />
      </div>
    );
  }
  return (
    <div className="app app-full">
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
        <UpdatedAgo snapshot={snapshot} />
        <RefreshButton />
        <ConnectionIndicator connection={connection} onRetry={() => store.retryNow()} compact={false} />
        {bridge ? null : <NotificationButton />}
      </header>
      <main className="content">
        <ConnectionNotice connection={connection} hasData={snapshot !== null} />
        {view === 'status' ? <StatusView compact={false} /> : settings}
      </main>
    </div>
  );
}
