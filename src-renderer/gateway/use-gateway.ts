// React access to the page's GatewayStore.
import { createContext, useContext, useSyncExternalStore } from 'react';

import { type GatewayState } from '../../src-shared/gateway-state';

import { type GatewayStore } from './gateway-store';

export const GatewayStoreContext = createContext<GatewayStore | null>(null);

export function useGatewayStore(): GatewayStore {
  const store = useContext(GatewayStoreContext);
  if (!store) throw new Error('useGatewayStore needs a <GatewayStoreContext.Provider>');
  return store;
}

/** The live dashboard state; re-renders on every change. */
export function useDashboardState(): GatewayState {
  const store = useGatewayStore();
  return useSyncExternalStore(store.subscribe, store.getState);
}
