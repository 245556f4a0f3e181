// The ChatGPT Codex backend's request, as the real Codex CLI 0.169 sends it: every header and body
// field of a turn to `{chatgpt}/codex/responses` is decided here and nowhere else. Each choice
// and the evidence for it is in docs/codex-backend.md; openai-codex.real-cli.test.ts runs the
// real `codex exec` against a loopback stand-in and fails when this drifts from what it sends.
import { createHash, randomUUID } from 'node:crypto';
import os from 'node:os';

import { VERSION } from '../../version.js';

import type { ChatMessage } from '../types.js';

/**
 * The Codex CLI release whose wire format this module speaks. Sent as the `version` header: the
 * backend compares it with each model's `minimal_client_version` (0.153.0 for gpt-6.1-sol), so
 * clawbar's own version number would lock it out of current models.
 */
export const CODEX_CLIENT_VERSION = '0.169.0';

/**
 * clawbar names itself. Codex sends `codex_exec` / `codex_cli_rs`; maintained third-party
 * clients send their own names (`opencode`, `pi`). docs/codex-backend.md says why.
 */
export const CODEX_ORIGINATOR = 'clawbar';

/**
 * Models Codex 0.169's bundled catalog marks `use_responses_lite`: they take the Responses Lite
 * envelope (marker header, tools and instructions as input items, reasoning over all turns) and
 * answer 404 "Model not found" without it; every other model refuses the marker header.
 */
export const RESPONSES_LITE_MODELS: ReadonlySet<string> = new Set([
  'gpt-6-astra',
  'gpt-6.1-sol',
  'gpt-6.1-terra',
  'gpt-6-sol',
  'gpt-6-luna',
  'gpt-5.6-sol',
  'gpt-5.6-terra',
  'gpt-5.6-luna',
  'gpt-daybreak-blue-latest',
  'gpt-daybreak-red-latest',
  'codex-auto-review',
]);

export const RESPONSES_LITE_HEADER = 'x-openai-internal-codex-responses-lite';

export interface CodexTurn {
  /** `{chatgpt}` base, e.g. `https://chatgpt.com/backend-api`. */
  baseUrl: string;
  model: string;
  accessToken: string;
  accountId?: string | undefined;
  /** The system prompt; sent as the first developer message, as Codex sends its own. */
  instructions: string;
  messages: ChatMessage[];
  /** clawbar's conversation key; the backend sees only a UUID derived from it. */
  sessionKey?: string | undefined;
}

export interface CodexRequest {
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * A stable UUID (RFC 9562 version 8, name-based on SHA-256) for one conversation of one
 * account: the same on every turn and after a restart, so the backend's prompt cache and
 * session routing keep working, while the conversation key itself (a Discord user id, say)
 * never leaves the machine.
 */
export function codexSessionId(sessionKey: string, accountId: string | undefined): string {
  const bytes = createHash('sha256')
    .update(`clawbar codex session\0${accountId ?? ''}\0${sessionKey}`)
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `clawbar/<version> (<os> <release>; <arch>)`, the shape of Codex's own User-Agent. */
export function codexUserAgent(): string {
  return `${CODEX_ORIGINATOR}/${VERSION} (${os.type()} ${os.release()}; ${os.arch()})`;
}

function inputItems(turn: CodexTurn, lite: boolean): unknown[] {
  const items: unknown[] = [];
  // Lite requests lead with the tool bundle (clawbar's agent offers none), as Codex's do.
  if (lite) items.push({ type: 'additional_tools', role: 'developer', tools: [] });
  if (turn.instructions.trim()) {
    items.push({ type: 'message', role: 'developer', content: [{ type: 'input_text', text: turn.instructions }] });
  }
  for (const m of turn.messages) {
    items.push(
      m.role === 'user'
        ? { type: 'message', role: 'user', content: [{ type: 'input_text', text: m.content }] }
        : { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: m.content, annotations: [] }] },
    );
  }
  return items;
}

/**
 * Credentials come from files anyone on the machine may have written: refuse one that no HTTP
 * header can carry here, in words, before fetch refuses it with the value in its message.
 */
function headerValue(value: string, what: string): string {
  if (!/^[\x21-\x7e]+$/.test(value)) throw new Error(`the ${what} holds characters an HTTP header cannot carry`);
  return value;
}

/** The whole request of one streamed turn. */
export function codexRequest(turn: CodexTurn): CodexRequest {
  const lite = RESPONSES_LITE_MODELS.has(turn.model);
  const session = turn.sessionKey === undefined ? randomUUID() : codexSessionId(turn.sessionKey, turn.accountId);
  const headers: Record<string, string> = {
    authorization: `Bearer ${headerValue(turn.accessToken, 'access token')}`,
    ...(turn.accountId ? { 'chatgpt-account-id': headerValue(turn.accountId, 'ChatGPT account id') } : {}),
    originator: CODEX_ORIGINATOR,
    'user-agent': codexUserAgent(),
    version: CODEX_CLIENT_VERSION,
    'session-id': session,
    'thread-id': session,
    'x-client-request-id': session,
    'x-codex-routing-hint': `model=${turn.model}`,
    ...(lite ? { [RESPONSES_LITE_HEADER]: 'true' } : {}),
    accept: 'text/event-stream',
    'content-type': 'application/json',
  };
  const body: Record<string, unknown> = {
    model: turn.model,
    stream: true,
    input: inputItems(turn, lite),
    tool_choice: 'auto',
    parallel_tool_calls: !lite,
    ...(lite ? { reasoning: { context: 'all_turns' } } : {}),
    // The backend keeps nothing: each request carries the whole history.
    store: false,
    include: ['reasoning.encrypted_content'],
    prompt_cache_key: session,
  };
  return { url: `${turn.baseUrl}/codex/responses`, headers, body };
}

/**
 * The model list Codex fetches at start-up, `GET {chatgpt}/codex/models?client_version=<version>`,
 * with the headers Codex 0.169 sends it (captured: bearer, account id, `version`, `originator`,
 * `user-agent`). The backend filters the list by the client version.
 */
export function codexModelsRequest(options: { baseUrl: string; accessToken: string; accountId?: string }): {
  url: string;
  headers: Record<string, string>;
} {
  return {
    url: `${options.baseUrl}/codex/models?client_version=${CODEX_CLIENT_VERSION}`,
    headers: {
      authorization: `Bearer ${headerValue(options.accessToken, 'access token')}`,
      ...(options.accountId ? { 'chatgpt-account-id': headerValue(options.accountId, 'ChatGPT account id') } : {}),
      originator: CODEX_ORIGINATOR,
      'user-agent': codexUserAgent(),
      version: CODEX_CLIENT_VERSION,
      accept: 'application/json',
    },
  };
}
