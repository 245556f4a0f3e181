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
  /** Called with the tokens the provider says the answer used, from its own usage fields, when it says so. */
  onUsage?: (usage: CompletionUsage) => void;
  /**
   * Called with the usage limit the server counted the request against, when it names one (the
   * Codex backend's `x-codex-active-limit`: docs/usage-endpoints.md#which-limit-a-model-uses).
   */
  onLimit?: (limitId: string) => void;
}

/** The tokens of one answer, in the provider's own counts. */
export interface CompletionUsage {
  /** Every input token, those read from the prompt cache included. */
  inputTokens: number;
  /** Input tokens read from the prompt cache (a part of inputTokens). */
  cachedTokens: number;
  outputTokens: number;
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
