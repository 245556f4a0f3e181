// openai: the OpenAI API with an API key — added with `clawbar auth add-key openai`, from
// `OPENAI_API_KEY`, or the Codex CLI's when it is logged in with a key. API keys have no usage
// windows and no expiry.
import { fetchOpenAiModels } from '../agent/providers/catalog-fetch.js';
import { createOpenAIClient } from '../agent/providers/openai.js';

import { CODEX_CLI_API_KEY, CODEX_LOGIN } from './openai-codex.js';

import type { ModelEntry, ProviderDescriptor } from './types.js';

const TEXT_IMAGE = ['text', 'image'] as const;
const models: ModelEntry[] = [
  { name: 'gpt-5.4', contextWindow: 400_000, input: TEXT_IMAGE },
  { name: 'gpt-5.4-mini', contextWindow: 400_000, input: TEXT_IMAGE },
  { name: 'gpt-5.2', contextWindow: 400_000, input: TEXT_IMAGE },
  { name: 'gpt-4.1', contextWindow: 1_047_576, input: TEXT_IMAGE },
  { name: 'gpt-4.1-mini', contextWindow: 1_047_576, input: TEXT_IMAGE },
];

export const openai: ProviderDescriptor = {
  id: 'openai',
  displayName: 'OpenAI',
  shortName: 'OpenAI',
  profiles: [
    { id: 'openai:default', source: 'keychain', type: 'api_key' },
    // `codex login` renews it too: the runner joins it with the Codex CLI's other login.
    { id: CODEX_CLI_API_KEY, source: 'codex-cli', type: 'api_key', login: CODEX_LOGIN },
    { id: 'openai:env', source: 'env', type: 'api_key', envVar: 'OPENAI_API_KEY' },
  ],
  authOrder: ['openai:default', 'openai:env', CODEX_CLI_API_KEY],
  standIn: 'openai:env',
  models,
  catalog: { fetch: fetchOpenAiModels },
  client: ({ endpoints, timeoutMs }) => createOpenAIClient({ baseUrl: endpoints.openaiBaseUrl, timeoutMs }),
  noLoginHint: 'clawbar auth add-key openai (or set OPENAI_API_KEY)',
};
