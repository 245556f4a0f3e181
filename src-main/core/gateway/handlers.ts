// What the transport calls for a request: one handler per method of the protocol (the runtime
// registers them, one family per file in core/runtime/methods/), and the error a handler throws
// to answer with a specific code. `connect` is the transport's own: it is the authentication step.
import {
  type ErrorCode,
  type MethodName,
  type MethodResults,
  type methodParams,
} from '../../../src-shared/protocol/index.js';

import type { z } from 'zod';

export type MethodHandlerParams<M extends MethodName> = z.output<(typeof methodParams)[M]>;

/** The handler of every method except `connect`; params arrive validated by the method's schema. */
export type MethodHandlers = {
  [M in Exclude<MethodName, 'connect'>]: (params: MethodHandlerParams<M>) => Promise<MethodResults[M]>;
};

/**
 * Thrown by a handler (or a service it calls) to answer a request with a specific error code, e.g.
 * `new MethodError('NOT_FOUND', 'no login 42')`. Any other exception answers `INTERNAL`.
 */
export class MethodError extends Error {
  override name = 'MethodError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
