// What every method family gets: the services (each present only while its capability runs),
// the snapshot, and the clock; and `need`, which turns an absent service into `UNAVAILABLE`.
import { MethodError, type MethodHandlers } from '../../gateway/handlers.js';

import type { Snapshot } from '../../../../src-shared/protocol/index.js';
import type { GatewayServices } from '../services.js';

export interface MethodContext {
  services: GatewayServices;
  version: string;
  startedAt: number;
  snapshot(): Snapshot;
  now(): number;
}

/** The handlers of some methods: one family, one file. */
export type MethodFamily<M extends keyof MethodHandlers> = Pick<MethodHandlers, M>;

/** A service a method needs, or an `UNAVAILABLE` answer naming what is not running. */
export function need<K extends keyof GatewayServices>(
  services: GatewayServices,
  key: K,
  what: string,
): NonNullable<GatewayServices[K]> {
  const service = services[key];
  if (!service) throw new MethodError('UNAVAILABLE', `${what} is not running in this gateway`);
  return service;
}
