// The gateway's methods (DESIGN.md §6), one family per file, each a thin call into the services.
// The runtime registers this table with the transport; TypeScript checks that every method of the
// protocol has its handler.
import { accountsMethods } from './accounts.js';
import { agentMethods } from './agent.js';
import { authMethods } from './auth.js';
import { channelsMethods } from './channels.js';
import { chatMethods } from './chat.js';
import { configMethods } from './config.js';
import { historyMethods } from './history.js';
import { modelsMethods } from './models.js';
import { statusMethods } from './status.js';
import { usageMethods } from './usage.js';

import type { MethodHandlers } from '../../gateway/handlers.js';
import type { MethodContext } from './context.js';

export type { MethodContext } from './context.js';

/** The handler of every method except `connect` (the transport's own). */
export function createMethodHandlers(ctx: MethodContext): MethodHandlers {
  return {
    ...statusMethods(ctx),
    ...authMethods(ctx),
    ...usageMethods(ctx),
    ...modelsMethods(ctx),
    ...chatMethods(ctx),
    ...channelsMethods(ctx),
    ...configMethods(ctx),
    ...historyMethods(ctx),
    ...accountsMethods(ctx),
    ...agentMethods(ctx),
  };
}
