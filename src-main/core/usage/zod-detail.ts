import { UsageError } from './usage-error.js';

import type { z } from 'zod';

/** Parses `body` with `schema`, or throws `invalid response: <path>: <what>` naming the first problem. */
export function parseResponse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new UsageError('invalid', `invalid response: ${where}${issue?.message ?? 'unexpected shape'}`);
}
