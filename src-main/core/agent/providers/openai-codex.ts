// The ChatGPT Codex backend (`{chatgpt}/codex`), Responses API with streaming,
// authenticated by the ChatGPT login's access token plus the `chatgpt-account-id` header. The
// `openai` SDK is imported only when a request is made, so `clawbar models list` never loads it.
import type { CompletionRequest, ProviderClient, ProviderClientOptions } from './types.js';

/** `options.baseUrl` is the ChatGPT backend (`https://chatgpt.com/backend-api`); `/codex` is appended. */
export function createOpenAICodexClient(options: ProviderClientOptions): ProviderClient {
  return {
    async complete(request: CompletionRequest): Promise<string> {
      const token = request.credential.accessToken;
      if (!token) throw new Error(`${request.credential.profileId} holds no access token`);
      const { default: OpenAI } = await import('openai');
      const client = new OpenAI({
        apiKey: token,
        baseURL: `${options.baseUrl}/codex`,
        organization: null,
        project: null,
        maxRetries: 0,
        timeout: options.timeoutMs,
        defaultHeaders: {
          ...(request.credential.accountId ? { 'chatgpt-account-id': request.credential.accountId } : {}),
          originator: 'clawbar',
        },
      });
      const stream = await client.responses.create(
        {
          model: request.model,
          instructions: request.instructions,
          input: request.messages.map((m) => ({ type: 'message' as const, role: m.role, content: m.content })),
          stream: true,
          // The Codex backend keeps nothing server-side: each request carries the history.
          store: false,
        },
        request.signal ? { signal: request.signal } : {},
      );
      let text = '';
      for await (const event of stream) {
        if (event.type === 'response.output_text.delta') {
          text += event.delta;
          request.onDelta(event.delta);
        } else if (event.type === 'response.failed') {
          throw new Error(event.response.error?.message ?? 'the Codex backend reported a failed response');
        } else if (event.type === 'error') {
          throw new Error(event.message);
        }
      }
      return text;
    },
  };
}
