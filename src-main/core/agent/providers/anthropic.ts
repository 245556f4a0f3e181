// The Anthropic Messages API with streaming, through `@anthropic-ai/sdk`. An API key, or the
// Claude Code OAuth token as a Bearer token with its beta header (docs/claude-code.md#messages-api-with-the-login).
import type { CompletionRequest, ProviderClient, ProviderClientOptions } from './types.js';

/** The beta flag Anthropic requires on requests authenticated with a Claude Code OAuth token. */
export const ANTHROPIC_OAUTH_BETA = 'oauth-2025-04-20';
/** Anthropic accepts subscription (OAuth) tokens only for requests that present themselves as Claude Code. */
const CLAUDE_CODE_IDENTITY = "You are Claude Code, Anthropic's official CLI for Claude.";
const MAX_TOKENS = 4096;

export function createAnthropicClient(options: ProviderClientOptions): ProviderClient {
  return {
    async complete(request: CompletionRequest): Promise<string> {
      const { credential } = request;
      const oauthToken = credential.apiKey ? undefined : credential.accessToken;
      if (!credential.apiKey && !oauthToken) throw new Error(`${credential.profileId} holds no token`);
      const { default: Anthropic } = await import('@anthropic-ai/sdk');
      const client = new Anthropic({
        baseURL: options.baseUrl,
        maxRetries: 0,
        timeout: options.timeoutMs,
        ...(oauthToken
          ? { authToken: oauthToken, apiKey: null, defaultHeaders: { 'anthropic-beta': ANTHROPIC_OAUTH_BETA } }
          : { apiKey: credential.apiKey!, authToken: null }),
      });
      const system = oauthToken
        ? [
            { type: 'text' as const, text: CLAUDE_CODE_IDENTITY },
            { type: 'text' as const, text: request.instructions },
          ]
        : request.instructions;
      const stream = await client.messages.create(
        {
          model: request.model,
          max_tokens: MAX_TOKENS,
          system,
          messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
          stream: true,
        },
        request.signal ? { signal: request.signal } : {},
      );
      let text = '';
      // message_start carries the input counts; message_delta's cumulative counts, where not null, supersede them.
      let usage: { input: number; cacheRead: number; cacheWrite: number; output: number } | null = null;
      for await (const event of stream) {
        if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
          text += event.delta.text;
          request.onDelta(event.delta.text);
        } else if (event.type === 'message_start') {
          const u = event.message.usage;
          usage = {
            input: u.input_tokens,
            cacheRead: u.cache_read_input_tokens ?? 0,
            cacheWrite: u.cache_creation_input_tokens ?? 0,
            output: u.output_tokens,
          };
        } else if (event.type === 'message_delta' && usage) {
          const u = event.usage;
          usage.input = u.input_tokens ?? usage.input;
          usage.cacheRead = u.cache_read_input_tokens ?? usage.cacheRead;
          usage.cacheWrite = u.cache_creation_input_tokens ?? usage.cacheWrite;
          usage.output = u.output_tokens;
        }
      }
      if (usage) {
        // Anthropic's input_tokens leaves out the cached parts; clawbar's input counts them all.
        request.onUsage?.({
          inputTokens: usage.input + usage.cacheRead + usage.cacheWrite,
          cachedTokens: usage.cacheRead,
          outputTokens: usage.output,
        });
      }
      return text;
    },
  };
}
