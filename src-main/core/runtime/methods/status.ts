// `health` and `status` (DESIGN.md §6): is the gateway alive, and the snapshot of everything.
import type { MethodContext, MethodFamily } from './context.js';

export function statusMethods(ctx: MethodContext): MethodFamily<'health' | 'status'> {
  return {
    health: async () => ({ ok: true, version: ctx.version, uptimeMs: ctx.now() - ctx.startedAt }),
    status: async () => ctx.snapshot(),
  };
}
