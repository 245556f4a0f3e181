// Entry: find the gateway, start the one connection, render the app (popover or dashboard).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './app';
import { electronBridge, forgetBrowserToken, isCompactView, resolveConnection } from './gateway/connection-info';
import { createGatewayStore } from './gateway/gateway-store';
import { GatewayStoreContext } from './gateway/use-gateway';
import { showNotification } from './lib/notifications';
import './styles.css';

const bridge = electronBridge();
const compact = isCompactView();
document.documentElement.classList.toggle('compact', compact);

const store = createGatewayStore({
  resolveConnection: () => resolveConnection(),
  clientName: compact ? 'clawbar-popover' : 'clawbar-dashboard',
  ...(bridge ? {} : { onUnauthorized: () => forgetBrowserToken() }),
});
// In Electron the shell shows notifications natively; a browser tab shows them itself.
if (!bridge) {
  store.on('notify', (event) =>
    showNotification(event, (clicked) => {
      if (clicked.action === 'relogin' && clicked.profileId) void store.startLogin(clicked.profileId);
    }),
  );
}
store.start();
window.addEventListener('online', () => store.retryNow());
// A new `#token=` link opened in this tab (the fragment changes without a page load).
window.addEventListener('hashchange', () => {
  if (!bridge && new URLSearchParams(location.hash.slice(1)).has('token')) store.restart();
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') store.retryNow();
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <GatewayStoreContext.Provider value={store}>
      <App compact={compact} bridge={bridge} />
    </GatewayStoreContext.Provider>
  </StrictMode>,
);
