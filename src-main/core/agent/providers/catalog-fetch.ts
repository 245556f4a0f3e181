// The providers' published model lists (the live catalog), each read with a credential clawbar
// already holds and reduced to catalog entries. Every field is the server's word, so each is
// checked: a list that is not one, or an entry without a plausible id, is dropped, never trusted.
import { getJson } from '../../usage/http-json.js';

import { ANTHROPIC_OAUTH_BETA } from './anthropic.js';
import { awsClientConfig, bedrockError } from './bedrock.js';
import { codexModelsRequest } from './openai-codex-wire.js';

import type { Credential } from '../../auth/types.js';
import type { ClientContext, ModelEntry } from '../../providers/types.js';

/** At most this many models per provider; a longer list is cut (no provider lists anywhere near it). */
export const MAX_CATALOG_MODELS = 500;
const MODEL_ID = /^[\w.:/@+-]{1,200}$/;
// Codex's list carries each model's instructions (~60 KiB apiece): far larger than a usage reply.
const MAX_CODEX_LIST_BYTES = 8 * 1024 * 1024;

type FetchContext = ClientContext & { signal: AbortSignal };

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const record = (value: unknown): Record<string, unknown> =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

function inputOf(modalities: unknown): ModelEntry['input'] {
  const names = asArray(modalities).map((m) => String(m).toLowerCase());
  return names.includes('image') ? ['text', 'image'] : ['text'];
}

function tokens(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value < 1e9 ? value : 0;
}

/** Keeps the first of each id, in the server's order, within the cap. */
function distinct(entries: ModelEntry[]): ModelEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(e.name) && seen.add(e.name)).slice(0, MAX_CATALOG_MODELS);
}

/**
 * The Codex backend's list (docs/codex-backend.md#model-list): the models Codex shows (`visibility: list`),
 * in its `priority` order, with `context_window` and `input_modalities`.
 */
export async function fetchCodexModels(credential: Credential, context: FetchContext): Promise<ModelEntry[]> {
  if (!credential.accessToken) throw new Error(`${credential.profileId} holds no access token`);
  const request = codexModelsRequest({
    baseUrl: context.endpoints.chatgptBaseUrl,
    accessToken: credential.accessToken,
    ...(credential.accountId ? { accountId: credential.accountId } : {}),
  });
  const body = await getJson(request.url, {
    headers: request.headers,
    timeoutMs: context.timeoutMs,
    maxBodyBytes: MAX_CODEX_LIST_BYTES,
    signal: context.signal,
  });
  const models = asArray(record(body).models)
    .map(record)
    .filter((m) => m.visibility === 'list' && typeof m.slug === 'string' && MODEL_ID.test(m.slug))
    .sort((a, b) => (Number(a.priority) || 0) - (Number(b.priority) || 0));
  return distinct(
    models.map((m) => ({
      name: m.slug as string,
      contextWindow: tokens(m.context_window),
      input: inputOf(m.input_modalities),
    })),
  );
}

/**
 * Bedrock's `ListFoundationModels` (control plane `bedrock.<region>.amazonaws.com`, or
 * `AWS_ENDPOINT_URL_BEDROCK`): the text models that are not legacy and can stream.
 * It gives no context window (0: unknown).
 */
export async function fetchBedrockModels(credential: Credential, context: FetchContext): Promise<ModelEntry[]> {
  if (!credential.aws) throw new Error(`${credential.profileId} is not an AWS profile`);
  const { BedrockClient, ListFoundationModelsCommand } = await import('@aws-sdk/client-bedrock');
  const client = new BedrockClient(await awsClientConfig(credential, context, 'AWS_ENDPOINT_URL_BEDROCK'));
  try {
    const response = await client.send(
      // Not filtered by inference type: newer models are called through an inference profile only.
      new ListFoundationModelsCommand({ byOutputModality: 'TEXT' }),
      { abortSignal: context.signal },
    );
    const models = (response.modelSummaries ?? []).filter(
      (m) =>
        typeof m.modelId === 'string' &&
        MODEL_ID.test(m.modelId) &&
        m.modelLifecycle?.status !== 'LEGACY' &&
        m.responseStreamingSupported !== false &&
        (m.outputModalities ?? []).includes('TEXT'),
    );
    return distinct(models.map((m) => ({ name: m.modelId!, contextWindow: 0, input: inputOf(m.inputModalities) })));
  } catch (error) {
    throw bedrockError(error, credential.aws.profile ?? 'default');
  } finally {
    client.destroy();
  }
}

// OpenAI lists every model of the account, embeddings and speech included: the agent can use
// only the chat models among them (docs/model-lists.md#openai).
const OPENAI_CHAT = /^(gpt-|chatgpt-|o\d)/;
const OPENAI_NOT_CHAT = /(embedding|tts|whisper|dall-e|audio|realtime|transcribe|image|moderation|search)/;

/**
 * OpenAI's `GET {OPENAI_BASE_URL}/models` through the official SDK, with the API key: the chat
 * models, newest first. It gives neither a context window nor modalities (0 and text: unknown).
 */
export async function fetchOpenAiModels(credential: Credential, context: FetchContext): Promise<ModelEntry[]> {
  const key = credential.apiKey ?? credential.accessToken;
  if (!key) throw new Error(`${credential.profileId} holds no API key`);
  const { default: OpenAI } = await import('openai');
  const client = new OpenAI({
    apiKey: key,
    baseURL: context.endpoints.openaiBaseUrl,
    organization: null,
    project: null,
    maxRetries: 0,
    timeout: context.timeoutMs,
  });
  const listed: { id: string; created: number }[] = [];
  for await (const model of client.models.list({ signal: context.signal })) {
    const { id, created } = model as { id?: unknown; created?: unknown };
    if (typeof id === 'string' && MODEL_ID.test(id) && OPENAI_CHAT.test(id) && !OPENAI_NOT_CHAT.test(id))
      listed.push({ id, created: typeof created === 'number' ? created : 0 });
    if (listed.length >= MAX_CATALOG_MODELS) break;
  }
  listed.sort((a, b) => b.created - a.created);
  return distinct(listed.map((m) => ({ name: m.id, contextWindow: 0, input: ['text'] })));
}

/**
 * Anthropic's `GET /v1/models` through the official SDK (paged by the SDK), with an API key or the
 * Claude Code OAuth token and its beta header, as the agent's client authenticates: newest first,
 * as Anthropic orders it, retired models left out, with `max_input_tokens` and `image_input`
 * (docs/model-lists.md#anthropic).
 */
export async function fetchAnthropicModels(credential: Credential, context: FetchContext): Promise<ModelEntry[]> {
  const oauthToken = credential.apiKey ? undefined : credential.accessToken;
  if (!credential.apiKey && !oauthToken) throw new Error(`${credential.profileId} holds no token`);
  const { default: Anthropic } = await import('@anthropic-ai/sdk');
  const client = new Anthropic({
    baseURL: context.endpoints.anthropicBaseUrl,
    maxRetries: 0,
    timeout: context.timeoutMs,
    ...(oauthToken
      ? { authToken: oauthToken, apiKey: null, defaultHeaders: { 'anthropic-beta': ANTHROPIC_OAUTH_BETA } }
      : { apiKey: credential.apiKey!, authToken: null }),
  });
  const listed: ModelEntry[] = [];
  for await (const model of client.models.list({ limit: 100 }, { signal: context.signal })) {
    const m = record(model);
    // A retired model fails every request; its context and image support are the server's word.
    if (typeof m.id === 'string' && MODEL_ID.test(m.id) && m.lifecycle !== 'retired') {
      const image = record(record(m.capabilities).image_input).supported === true;
      listed.push({
        name: m.id,
        contextWindow: tokens(m.max_input_tokens),
        input: image ? ['text', 'image'] : ['text'],
      });
    }
    if (listed.length >= MAX_CATALOG_MODELS) break;
  }
  return distinct(listed);
}
