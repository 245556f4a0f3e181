// bedrock: Amazon Bedrock (`bedrock/<model id>`), reached with AWS credentials the AWS SDK's
// default chain resolves (docs/bedrock.md#credentials). Each AWS profile the agent depends on is a profile
// `bedrock:<aws profile>`, read by the `aws` source from the environment, the shared config files
// and the SSO token cache; an SSO profile is renewed with `aws sso login --profile <name>`.
// This file and one line in registry.ts are the whole provider.
import { z } from 'zod';

import { createBedrockClient } from '../agent/providers/bedrock.js';
import { fetchBedrockModels } from '../agent/providers/catalog-fetch.js';
import { AWS_PROFILE_NAME, awsSource } from '../auth/sources/aws-source.js';

import type { CliLogin, ModelEntry, ProviderDescriptor } from './types.js';

const ID = 'bedrock';

/** `aws sso login --profile <name>`: renews an AWS SSO session (the AWS CLI v2 prints a URL and a code). */
export const AWS_LOGIN: CliLogin = {
  kind: 'cli',
  cli: 'aws',
  command: 'aws',
  args: ['sso', 'login'],
  // The profile named by the id; only ids whose name is AWS_PROFILE_NAME-shaped are profiles at all.
  profileArgs: (profileId) => ['--profile', profileId.slice(ID.length + 1)],
  commandEnv: 'CLAWBAR_AWS_BIN',
  installHint:
    'AWS CLI not found — install it with: https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html',
  // The browser flow's authorize page (oidc.<region>.amazonaws.com/authorize), the device flow's
  // page (device.sso.<region>.amazonaws.com); the China partition ends in amazonaws.com.cn.
  loginHosts: [/oidc\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?/, /device\.sso\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?/],
  codePrompt: /enter the code/i,
  // AWS CLI v2.22+ signs in through the browser (PKCE); this flag keeps the device flow (docs/bedrock.md#re-login).
  deviceFlag: '--use-device-code',
};

const TEXT = ['text'] as const;
const TEXT_IMAGE = ['text', 'image'] as const;
// Bedrock model ids as ListFoundationModels returns them; newer Anthropic models are invoked
// through a cross-region inference profile (`us.anthropic.…`), which is also a valid model id here.
const models: ModelEntry[] = [
  { name: 'anthropic.claude-sonnet-4-5-20250929-v1:0', contextWindow: 200_000, input: TEXT_IMAGE },
  { name: 'anthropic.claude-haiku-4-5-20251001-v1:0', contextWindow: 200_000, input: TEXT_IMAGE },
  { name: 'anthropic.claude-opus-4-1-20250805-v1:0', contextWindow: 200_000, input: TEXT_IMAGE },
  { name: 'amazon.nova-pro-v1:0', contextWindow: 300_000, input: TEXT_IMAGE },
  { name: 'amazon.nova-lite-v1:0', contextWindow: 300_000, input: TEXT_IMAGE },
  { name: 'amazon.nova-micro-v1:0', contextWindow: 128_000, input: TEXT },
];

export const bedrock: ProviderDescriptor = {
  id: ID,
  displayName: 'Amazon Bedrock',
  shortName: 'Bedrock',
  profiles: [],
  profileFamily: { source: 'aws', type: 'api_key', login: AWS_LOGIN, names: AWS_PROFILE_NAME },
  sources: [awsSource(ID)],
  models,
  catalog: { fetch: fetchBedrockModels },
  client: createBedrockClient,
  settings: z.strictObject({
    region: z
      .string()
      .regex(/^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/, 'an AWS region such as us-east-1')
      .optional(),
  }),
  noLoginHint: 'aws sso login --profile <name> (or aws configure, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)',
};
