// The OpenAI API with an API key (`OPENAI_BASE_URL`), Chat Completions with streaming.
import type { CompletionRequest, ProviderClient, ProviderClientOptions } from './types.js';

export function createOpenAIClient(options: ProviderClientOptions): ProviderClient {
  return {
    async complete(request: CompletionRequest): Promise<string> {
      const key = request.credential.apiKey ?? request.credential.accessToken;
      if (!key) throw new Error(`${request.credential.profileId} holds no API key`);
      const { default: OpenAI } = await import('openai');
      const client = new OpenAI({
        apiKey: key,
        baseURL: options.baseUrl,
        organization: null,
        project: null,
        maxRetries: 0,
        timeout: options.timeoutMs,
      });
      const stream = await client.chat.completions.create(
        {
          model: request.model,
          messages: [
            { role: 'system', content: request.instructions },
            ...request.messages.map((m) => ({ role: m.role, content: m.content })),
          ],
          stream: true,
          // Without it a streamed answer carries no token counts: the last chunk then holds them.
          stream_options: { include_usage: true },
        },
        request.signal ? { signal: request.signal } : {},
      );
      let text = '';
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta?.content;
        if (delta) {
          text += delta;
          request.onDelta(delta);
        }
        if (chunk.usage) {
          request.onUsage?.({
            inputTokens: chunk.usage.prompt_tokens,
            cachedTokens: chunk.usage.prompt_tokens_details?.cached_tokens ?? 0,
            outputTokens: chunk.usage.completion_tokens,
          });
        }
      }
      return text;
    },
  };
}
