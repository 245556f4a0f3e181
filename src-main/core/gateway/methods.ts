// The gateway's methods (DESIGN.md §6), each a thin call into one service. `connect` is handled by
// the connection itself (connection.ts) because it is also the authentication step.
import {
  type MethodName,
  type MethodResults,
  type Snapshot,
  type methodParams,
} from '../../../src-shared/protocol/index.js';
import { providerViews } from '../auth/status.js';

import { type GatewayServices, MethodError } from './services.js';

import type { z } from 'zod';

type Params<M extends MethodName> = z.output<(typeof methodParams)[M]>;
export type MethodHandlers = {
  [M in Exclude<MethodName, 'connect'>]: (params: Params<M>) => Promise<MethodResults[M]>;
};

export interface MethodContext {
  services: GatewayServices;
  version: string;
  startedAt: number;
  snapshot(): Snapshot;
  now(): number;
}

/** A service the method needs, or an `UNAVAILABLE` answer naming what is missing. */
function need<K extends keyof GatewayServices>(
  services: GatewayServices,
  key: K,
  what: string,
): NonNullable<GatewayServices[K]> {
  const service = services[key];
  if (!service) throw new MethodError('UNAVAILABLE', `${what} is not running in this gateway`);
  return service;
}

/** The handler of every method except `connect`. */
export function createMethodHandlers(ctx: MethodContext): MethodHandlers {
  const { services } = ctx;
  const profiles = () => need(services, 'auth', 'the auth engine').profiles(ctx.now());
  return {
    health: async () => ({ ok: true, version: ctx.version, uptimeMs: ctx.now() - ctx.startedAt }),
    status: async () => ctx.snapshot(),
    'auth.list': async () => ({ profiles: profiles() }),
    'auth.refresh': async (params) => {
      const auth = need(services, 'auth', 'the auth engine');
      if (params?.delegate) {
        const logins = need(services, 'logins', 'delegated refresh');
        if (!logins.refresh) throw new MethodError('UNAVAILABLE', 'delegated refresh is not available');
        await logins.refresh(params.profileId);
      }
      await auth.reload();
      return { profiles: auth.profiles(ctx.now()) };
    },
    // The runner decides which profiles it can log in, including ones with no profile yet
    // (a first Claude login); it answers with a MethodError for the others.
    'auth.login.start': async ({ profileId }) => ({
      loginId: (await need(services, 'logins', 'the login runner').start(profileId)).loginId,
    }),
    'auth.login.cancel': async ({ loginId }) => ({
      cancelled: await need(services, 'logins', 'the login runner').cancel(loginId),
    }),
    'usage.refresh': async (params) => {
      const usage = need(services, 'usage', 'the usage poller');
      await usage.refresh(params?.provider);
      return { providers: providerViews(services.auth?.profiles(ctx.now()) ?? [], usage.usage()) };
    },
    'models.list': async (params) => ({
      models: await need(services, 'agent', 'the agent').models({ all: params?.all ?? false }),
    }),
    'channels.status': async () => ({ channels: need(services, 'channels', 'the chat channels').list() }),
    'channels.link': async ({ channel }) => {
      const channels = need(services, 'channels', 'the chat channels');
      if (!channels.startLink) throw new MethodError('UNAVAILABLE', 'linking channels is not available');
      channels.startLink(channel);
      return { channels: channels.list() };
    },
    'chat.send': async ({ sessionKey, message }) => ({
      runId: (await need(services, 'agent', 'the agent').send(sessionKey, message)).runId,
    }),
    'config.get': async () => need(services, 'settings', 'settings').get(),
    'config.set': async (patch) => need(services, 'settings', 'settings').set(patch),
  };
}
