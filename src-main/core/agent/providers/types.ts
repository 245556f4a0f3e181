// What every provider client does: one streamed completion with one credential.
import type { Credential } from '../../auth/types.js';
import type { ChatMessage } from '../types.js';

export interface CompletionRequest {
  /** The provider's model id (`gpt-6.1-sol`, `claude-sonnet-4-5`). */
  model: string;
  /** The system prompt. */
  instructions: string;
  /** History then the new user message, oldest first. */
  messages: ChatMessage[];
  credential: Credential;
  /** The conversation (`SendRequest.sessionKey`); the Codex backend keys its prompt cache by it. */
  sessionKey?: string;
  signal?: AbortSignal;
  /** Called with each text fragment as it streams in. */
  onDelta: (text: string) => void;
}

export interface ProviderClient {
  /** Streams one answer; resolves with the whole text. Throws the SDK's error (see errors.ts). */
  complete(request: CompletionRequest): Promise<string>;
}

export interface ProviderClientOptions {
  /** Base URL of the provider's API (from resolveEndpoints). */
  baseUrl: string;
  /** Per-request timeout in ms. */
  timeoutMs: number;
}
