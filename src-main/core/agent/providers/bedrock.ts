// Amazon Bedrock through `@aws-sdk/client-bedrock-runtime`: ConverseStream, streamed into `chat`
// deltas like the other providers (docs/bedrock.md#the-wire). The SDK resolves and signs the AWS
// credentials itself, for the AWS profile the credential names (the default chain: keys, SSO,
// roles, credential_process); clawbar only chooses the profile and the region. HTTP/1.1 through
// NodeHttpHandler: ConverseStream streams one way only, so the SDK's HTTP/2 default buys nothing.
import { awsPaths } from '../../auth/sources/aws-files.js';

import type { Credential } from '../../auth/types.js';
import type { Env } from '../../config/paths.js';
import type { ClientContext } from '../../providers/types.js';
import type { CompletionRequest, ProviderClient } from './types.js';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';

/** Where the SDK defaults when neither config, the environment nor the profile names a region. */
export const DEFAULT_REGION = 'us-east-1';
const MAX_TOKENS = 4096;

/** The region a request goes to: config `providers.bedrock.region`, `AWS_REGION`, the profile's, us-east-1. */
export function bedrockRegion(settings: Readonly<Record<string, unknown>>, env: Env, credential?: Credential): string {
  const configured = typeof settings.region === 'string' ? settings.region : undefined;
  return (
    configured || env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim() || credential?.aws?.region || DEFAULT_REGION
  );
}

// Errors meaning the credential itself was refused: the profile is rejected and failover moves on.
const REJECTED = new Set([
  'UnrecognizedClientException',
  'ExpiredTokenException',
  'ExpiredToken',
  'AccessDeniedException',
  'InvalidSignatureException',
  'InvalidClientTokenId',
  'CredentialsProviderError',
  'TokenProviderError',
]);
// Errors meaning "slow down": the profile cools down as after a 429.
const THROTTLED = new Set(['ThrottlingException', 'TooManyRequestsException', 'ServiceQuotaExceededException']);

/** An AWS error in the terms of errors.ts: a name and message, and the HTTP status failover reads. */
export class BedrockError extends Error {
  constructor(
    override readonly name: string,
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

/**
 * Translates whatever the SDK threw; an error that is not the SDK's passes through. `profile`
 * names the AWS profile in a credential-chain failure (the SDK's message does not).
 */
export function bedrockError(error: unknown, profile = 'default'): unknown {
  const e = error as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: unknown } } | null;
  if (!e || typeof e !== 'object' || typeof e.name !== 'string') return error;
  const name = e.name;
  const httpStatus = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : null;
  const text = typeof e.message === 'string' ? e.message : '';
  const message = name.endsWith('ProviderError') ? `AWS profile ${profile}: ${text}` : `${name}: ${text}`;
  if (REJECTED.has(name))
    return new BedrockError(name, message, httpStatus === 401 || httpStatus === 403 ? httpStatus : 403);
  if (THROTTLED.has(name)) return new BedrockError(name, message, 429);
  if (name === 'AbortError' || name === 'TimeoutError') return error;
  return httpStatus === null ? error : new BedrockError(name, message, httpStatus);
}

/**
 * The SDK's credential provider for the credential's AWS profile: the default chain with the
 * profile named (so it reads the files the `aws` source read), or, for the chain's own choice with
 * keys in `env`, those keys — `env` is a parameter, and the SDK would read process.env.
 */
export async function awsCredentials(credential: Credential, env: Env) {
  const profile = credential.aws?.profile ?? null;
  const id = env.AWS_ACCESS_KEY_ID?.trim();
  const secret = env.AWS_SECRET_ACCESS_KEY?.trim();
  if (profile === null && id && secret) {
    const token = env.AWS_SESSION_TOKEN?.trim();
    return { accessKeyId: id, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) };
  }
  const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
  const paths = awsPaths(env);
  return defaultProvider({
    profile: profile ?? 'default',
    filepath: paths.credentialsFile,
    configFilepath: paths.configFile,
  });
}

/**
 * What every AWS SDK client clawbar makes is built with: the region, the profile's credentials,
 * HTTP/1.1 with the request timeout, no retries (failover decides), and the SDK's own endpoint
 * override for the service (`AWS_ENDPOINT_URL_<SERVICE>`, else `AWS_ENDPOINT_URL`).
 */
export async function awsClientConfig(credential: Credential, context: ClientContext, endpointVariable: string) {
  const { NodeHttpHandler } = await import('@smithy/node-http-handler');
  const endpoint = context.env[endpointVariable]?.trim() || context.env.AWS_ENDPOINT_URL?.trim();
  return {
    region: bedrockRegion(context.settings(), context.env, credential),
    credentials: await awsCredentials(credential, context.env),
    requestHandler: new NodeHttpHandler({ connectionTimeout: context.timeoutMs, requestTimeout: context.timeoutMs }),
    maxAttempts: 1,
    ...(endpoint ? { endpoint } : {}),
  };
}

// SDK clients kept per credential and region: making one (and resolving its credentials) costs
// more than a turn on a warm connection. A few at most; the oldest goes first.
const MAX_CLIENTS = 4;

export function createBedrockClient(context: ClientContext): ProviderClient {
  const clients = new Map<string, BedrockRuntimeClient>();
  async function clientFor(credential: Credential): Promise<BedrockRuntimeClient> {
    // The stamp changes with the keys or the SSO token, so a renewed credential gets a new client.
    const key = [
      credential.stamp ?? credential.profileId,
      bedrockRegion(context.settings(), context.env, credential),
    ].join('\0');
    const cached = clients.get(key);
    if (cached) return cached;
    const { BedrockRuntimeClient } = await import('@aws-sdk/client-bedrock-runtime');
    const client = new BedrockRuntimeClient(
      await awsClientConfig(credential, context, 'AWS_ENDPOINT_URL_BEDROCK_RUNTIME'),
    );
    clients.set(key, client);
    for (const [oldKey, old] of clients) {
      if (clients.size <= MAX_CLIENTS) break;
      clients.delete(oldKey);
      old.destroy();
    }
    return client;
  }
  return {
    async complete(request: CompletionRequest): Promise<string> {
      const { credential } = request;
      if (!credential.aws) throw new Error(`${credential.profileId} is not an AWS profile`);
      const [{ ConverseStreamCommand }, client] = await Promise.all([
        import('@aws-sdk/client-bedrock-runtime'),
        clientFor(credential),
      ]);
      try {
        const response = await client.send(
          new ConverseStreamCommand({
            modelId: request.model,
            system: [{ text: request.instructions }],
            messages: request.messages.map((m) => ({ role: m.role, content: [{ text: m.content }] })),
            inferenceConfig: { maxTokens: MAX_TOKENS },
          }),
          request.signal ? { abortSignal: request.signal } : {},
        );
        let text = '';
        // Exception events in the stream (throttlingException, modelStreamErrorException…) are thrown here.
        for await (const event of response.stream ?? []) {
          const delta = event.contentBlockDelta?.delta?.text;
          if (delta) {
            text += delta;
            request.onDelta(delta);
          }
        }
        return text;
      } catch (error) {
        throw bedrockError(error, credential.aws.profile ?? 'default');
      }
    },
  };
}
