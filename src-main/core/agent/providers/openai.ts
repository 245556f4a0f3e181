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
      }
      return text;
    },
  };
}
