// Gateway frames (DESIGN.md §6): requests, responses and events as JSON text, with the limits and
// error codes both ends agree on.
import { z } from 'zod';

export const PROTOCOL_VERSION = 1;
export const MAX_FRAME_BYTES = 1024 * 1024;

export const ERROR_CODES = ['UNAUTHORIZED', 'INVALID_REQUEST', 'NOT_FOUND', 'UNAVAILABLE', 'INTERNAL'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const requestFrameSchema = z.object({
  type: z.literal('req'),
  id: z.string().min(1).max(128),
  method: z.string().min(1).max(128),
  params: z.record(z.string(), z.unknown()).optional(),
});
export type RequestFrame = z.infer<typeof requestFrameSchema>;

export interface OkResponseFrame {
  type: 'res';
  id: string;
  ok: true;
  payload: unknown;
}
export interface ErrorResponseFrame {
  type: 'res';
  id: string | null;
  ok: false;
  error: { code: ErrorCode; message: string };
}
export type ResponseFrame = OkResponseFrame | ErrorResponseFrame;
export interface EventFrame {
  type: 'event';
  event: string;
  payload: unknown;
  seq: number;
}
export type ServerFrame = ResponseFrame | EventFrame;

export const serverFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('res'),
    id: z.string().nullable(),
    ok: z.boolean(),
    payload: z.unknown().optional(),
    error: z.object({ code: z.string(), message: z.string() }).optional(),
  }),
  z.object({ type: z.literal('event'), event: z.string(), payload: z.unknown(), seq: z.number() }),
]);
