// One client per provider, built from the endpoints of DESIGN.md §2.
import { createAnthropicClient } from './anthropic.js';
import { createOpenAICodexClient } from './openai-codex.js';
import { createOpenAIClient } from './openai.js';

import type { Endpoints } from '../../config/paths.js';
import type { ProviderId } from '../catalog.js';
import type { ProviderClient } from './types.js';

export type ProviderClients = Record<ProviderId, ProviderClient>;

/** The provider clients for a set of base URLs; the SDKs load on the first request. */
export function createProviderClients(endpoints: Endpoints, timeoutMs: number): ProviderClients {
  return {
    'openai-codex': createOpenAICodexClient({ baseUrl: endpoints.chatgptBaseUrl, timeoutMs }),
    openai: createOpenAIClient({ baseUrl: endpoints.openaiBaseUrl, timeoutMs }),
    anthropic: createAnthropicClient({ baseUrl: endpoints.anthropicBaseUrl, timeoutMs }),
  };
}
