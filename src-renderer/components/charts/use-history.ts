// The charts' data from the gateway (`usage.history`, `usage.daily`, `usage.turns`), fetched
// when the page connects and again whenever a usage reading arrives (the providers' `fetchedAt`
// moves), so the charts follow the gateway without polling of their own.
import { useEffect, useState } from 'react';

import { errorMessage } from '../../../src-shared/error-message';
import { type MethodName, type MethodParams, type MethodResults } from '../../../src-shared/protocol/index';
import { useDashboardState, useGatewayStore } from '../../gateway/use-gateway';

export type Loaded<T> = { state: 'loading' } | { state: 'ready'; data: T } | { state: 'error'; message: string };

/** What makes the charts fetch again: the connection, and each provider's newest reading. */
export function useHistoryVersion(): string | null {
  const { snapshot, connection } = useDashboardState();
  if (connection.phase !== 'connected' || !snapshot) return null;
  return snapshot.providers.map((p) => `${p.provider}@${p.usage?.fetchedAt ?? ''}`).join(',');
}

export function useGatewayQuery<M extends MethodName>(method: M, params: MethodParams<M>): Loaded<MethodResults[M]> {
  const store = useGatewayStore();
  const version = useHistoryVersion();
  const key = JSON.stringify(params);
  const [loaded, setLoaded] = useState<Loaded<MethodResults[M]>>({ state: 'loading' });
  useEffect(() => {
    if (version === null) return undefined;
    let current = true;
    store.request(method, JSON.parse(key) as MethodParams<M>).then(
      (data) => current && setLoaded({ state: 'ready', data }),
      (error: unknown) => current && setLoaded({ state: 'error', message: errorMessage(error) }),
    );
    return () => {
      current = false;
    };
  }, [store, method, key, version]);
  return loaded;
}
