// The ChatGPT Codex backend (`{chatgpt}/codex/responses`), authenticated by the
// ChatGPT login's access token. The request is built in openai-codex-wire.ts exactly as the real
// Codex CLI builds it (docs/codex-backend.md); this file sends it and reads the Server-Sent Events
// back. Plain fetch, no SDK: the SDK's own headers and body types would fight that request.
import { z } from 'zod';

import { activeLimitOf } from './errors.js';
import { codexRequest } from './openai-codex-wire.js';

import type { CompletionRequest, ProviderClient, ProviderClientOptions } from './types.js';

/** One event larger than this is not an answer but a broken or hostile server. */
const MAX_EVENT_CHARS = 8 * 1024 * 1024;
const MAX_ERROR_BODY_CHARS = 64 * 1024;

/** A failure the backend reported; `status` and `headers` are what errors.ts classifies by. */
export class CodexBackendError extends Error {
  override name = 'CodexBackendError';
  constructor(
    message: string,
    readonly status: number | null,
    readonly headers: Headers | null = null,
  ) {
    super(message);
  }
}

/** The connection ended before the answer did: a network failure for failover. */
export class CodexConnectionError extends Error {
  override name = 'CodexConnectionError';
}

// The fields this client reads; everything else in an event is passed over.
const eventSchema = z.looseObject({
  type: z.string(),
  delta: z.string().optional(),
  message: z.string().optional(),
  code: z.string().nullish(),
  response: z
    .looseObject({
      error: z.looseObject({ message: z.string().optional(), code: z.string().nullish() }).nullish(),
      incomplete_details: z.looseObject({ reason: z.string().optional() }).nullish(),
      // On `response.completed` (docs/codex-backend.md); Codex CLI reads the same fields.
      usage: z
        .looseObject({
          input_tokens: z.number().nonnegative(),
          input_tokens_details: z.looseObject({ cached_tokens: z.number().nonnegative().optional() }).nullish(),
          output_tokens: z.number().nonnegative(),
        })
        .nullish()
        .catch(null),
    })
    .optional(),
});
type CodexEvent = z.infer<typeof eventSchema>;

// The error bodies the backend answers with: `{"detail": …}` or `{"error": {…}}`, the usage
// limit carrying when it resets (`resets_in_seconds`, or `resets_at` in epoch seconds).
const errorBodySchema = z.looseObject({
  detail: z.string().optional(),
  error: z
    .looseObject({
      message: z.string().optional(),
      type: z.string().nullish(),
      code: z.string().nullish(),
      resets_in_seconds: z.number().nonnegative().optional(),
      resets_at: z.number().optional(),
    })
    .optional(),
});

/**
 * Splits an SSE byte stream into the JSON of each event's `data:` lines. Only the newly arrived
 * text is scanned for line breaks, so a long event costs its length once, not once per chunk.
 */
export async function* sseData(body: ReadableStream<Uint8Array>, onChunk: () => void): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let line = '';
  let crPending = false; // a CR ended the last chunk: a LF starting the next one belongs to it
  let data: string[] = [];
  let size = 0;
  const breaks = /\r\n|\r|\n/g;
  for await (const chunk of body) {
    onChunk();
    const text = decoder.decode(chunk, { stream: true });
    let start: number = crPending && text.startsWith('\n') ? 1 : 0;
    crPending = false;
    breaks.lastIndex = start;
    for (let match = breaks.exec(text); match; match = breaks.exec(text)) {
      line += text.slice(start, match.index);
      start = match.index + match[0].length;
      crPending = match[0] === '\r' && start === text.length;
      if (line === '') {
        if (data.length > 0) yield data.join('\n');
        data = [];
        size = 0;
      } else if (line.startsWith('data:')) {
        const value = line.slice(line.startsWith('data: ') ? 6 : 5);
        size += value.length;
        data.push(value);
      }
      line = '';
    }
    line += text.slice(start);
    if (size + line.length > MAX_EVENT_CHARS) {
      throw new CodexBackendError('the Codex backend sent an event over 8 MiB', null);
    }
  }
  if (data.length > 0) yield data.join('\n');
}

function parseEvent(data: string): CodexEvent | null {
  if (data === '[DONE]') return null; // Chat Completions' end marker; harmless if a proxy adds it
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw new CodexBackendError('the Codex backend sent an event that is not JSON', null);
  }
  const parsed = eventSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** At most `max` characters of a body, without reading the rest of a huge one. */
async function readCapped(response: Response, max: number): Promise<string> {
  if (!response.body) return '';
  const decoder = new TextDecoder();
  let text = '';
  try {
    for await (const chunk of response.body) {
      text += decoder.decode(chunk, { stream: true });
      if (text.length >= max) break;
    }
  } catch {
    // A body cut short still says what it said so far.
  }
  return text.slice(0, max);
}

/** The HTTP error as the agent needs it: status, a message, and when a usage limit resets. */
async function httpError(response: Response, now: number): Promise<CodexBackendError> {
  const text = await readCapped(response, MAX_ERROR_BODY_CHARS);
  let body: z.infer<typeof errorBodySchema> = {};
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) body = parsed.data;
  } catch {
    // Not JSON (a proxy's HTML page, say): the status says enough.
  }
  const headers = new Headers(response.headers);
  const error = body.error;
  if (!headers.has('retry-after') && error) {
    const seconds =
      error.resets_in_seconds ?? (error.resets_at !== undefined ? error.resets_at - now / 1000 : undefined);
    if (seconds !== undefined && Number.isFinite(seconds))
      headers.set('retry-after', String(Math.max(0, Math.ceil(seconds))));
  }
  const detail = error?.message ?? body.detail ?? (text.trim() || response.statusText);
  return new CodexBackendError(`${response.status} ${detail}`, response.status, headers);
}

/** fetch says only "fetch failed"; its cause says why (ECONNREFUSED, a certificate, …). */
function unreachable(error: unknown): unknown {
  if (!(error instanceof TypeError)) return error;
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const why =
    typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : error.message;
  return new CodexConnectionError(`could not reach the Codex backend (${why})`);
}

/** A `response.failed` / `error` event: a rate limit keeps its meaning for failover. */
function streamError(message: string, code: string | null | undefined): CodexBackendError {
  const limited = code === 'rate_limit_exceeded' || code === 'usage_limit_reached';
  return new CodexBackendError(message, limited ? 429 : null);
}

/** `options.baseUrl` is the ChatGPT backend (`https://chatgpt.com/backend-api`). */
export function createOpenAICodexClient(options: ProviderClientOptions): ProviderClient {
  return {
    async complete(request: CompletionRequest): Promise<string> {
      const token = request.credential.accessToken;
      if (!token) throw new Error(`${request.credential.profileId} holds no access token`);
      const { url, headers, body } = codexRequest({
        baseUrl: options.baseUrl,
        model: request.model,
        accessToken: token,
        accountId: request.credential.accountId,
        instructions: request.instructions,
        messages: request.messages,
        sessionKey: request.sessionKey,
      });
      // One timer for "no answer yet" and "the stream went quiet": Codex too waits on idleness,
      // not on the length of an answer.
      const timeout = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const arm = () => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          const seconds = Number((options.timeoutMs / 1000).toFixed(1));
          timeout.abort(new DOMException(`the Codex backend was silent for ${seconds}s`, 'TimeoutError'));
        }, options.timeoutMs);
      };
      const signal = request.signal ? AbortSignal.any([request.signal, timeout.signal]) : timeout.signal;
      arm();
      try {
        const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal }).catch(
          (error: unknown) => {
            throw unreachable(error);
          },
        );
        if (!response.ok) throw await httpError(response, Date.now());
        const limit = activeLimitOf(response.headers);
        if (limit !== null) request.onLimit?.(limit);
        if (!response.body) throw new CodexBackendError('the Codex backend answered without a body', null);
        let text = '';
        for await (const data of sseData(response.body, arm)) {
          const event = parseEvent(data);
          if (!event) continue;
          switch (event.type) {
            case 'response.output_text.delta':
              if (event.delta) {
                text += event.delta;
                request.onDelta(event.delta);
              }
              break;
            case 'response.completed': {
              const usage = event.response?.usage;
              if (usage) {
                request.onUsage?.({
                  inputTokens: usage.input_tokens,
                  cachedTokens: usage.input_tokens_details?.cached_tokens ?? 0,
                  outputTokens: usage.output_tokens,
                });
              }
              return text;
            }
            case 'response.failed':
              throw streamError(
                event.response?.error?.message ?? 'the Codex backend reported a failed response',
                event.response?.error?.code,
              );
            case 'response.incomplete':
              throw new CodexBackendError(
                `the answer was cut short (${event.response?.incomplete_details?.reason ?? 'no reason given'})`,
                null,
              );
            case 'error':
              throw streamError(event.message ?? 'the Codex backend reported an error', event.code);
          }
        }
        // Codex treats this as a dropped connection, and so does failover.
        throw new CodexConnectionError('the Codex backend closed the stream before response.completed');
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
