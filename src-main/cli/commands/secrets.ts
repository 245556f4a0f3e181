// `clawbar auth add-key <provider>` and `clawbar secrets set discord-token|slack-bot-token|slack-app-token`:
// read one secret from stdin into the keychain (or the explicit file backend). Nothing is echoed or logged.
import { CliError } from '../errors.js';

import type { Command } from 'commander';

/** Reads all of stdin, up to the secret size cap; on a terminal, asks for it on stderr first. */
async function readSecretFromStdin(what: string, input: NodeJS.ReadStream = process.stdin): Promise<string> {
  const { MAX_SECRET_BYTES, SecretTooLargeError } = await import('../../core/secrets/secret-store.js');
  const tooLarge = () => new CliError(new SecretTooLargeError(`the ${what} on stdin`).message);
  if (input.isTTY) process.stderr.write(`Paste the ${what}, then press Enter and Ctrl-D:\n`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    // Trailing whitespace (a newline) does not count; anything well past the cap is refused at once.
    if (size > MAX_SECRET_BYTES + 1024) throw tooLarge();
    chunks.push(buffer);
  }
  const value = Buffer.concat(chunks).toString('utf8').trim();
  if (!value) throw new CliError(`no ${what} on stdin: pipe it in, e.g. printf %s "$SECRET" | clawbar …`);
  if (/\s/.test(value)) throw new CliError(`the ${what} on stdin contains whitespace: pass exactly one value`);
  if (Buffer.byteLength(value) > MAX_SECRET_BYTES) throw tooLarge();
  return value;
}

async function context(command?: Command) {
  const { loadAuthContext } = await import('../../core/auth/context.js');
  const globals = (command?.optsWithGlobals() ?? {}) as { config?: string };
  return loadAuthContext(process.env, globals.config);
}

async function keychainErrors<T>(run: () => Promise<T>): Promise<T> {
  const { SecretStoreUnavailableError } = await import('../../core/secrets/secret-store.js');
  try {
    return await run();
  } catch (error) {
    if (error instanceof SecretStoreUnavailableError) throw new CliError(error.message);
    throw error;
  }
}

export async function addKey(provider: string, _options: unknown, command?: Command): Promise<void> {
  const { apiKeyProviders } = await import('../../core/providers/registry.js');
  if (!apiKeyProviders().includes(provider)) {
    throw new CliError(`unknown provider "${provider}": use one of ${apiKeyProviders().join(', ')}`);
  }
  const ctx = await context(command);
  const key = await readSecretFromStdin(`${provider} API key`);
  const { createOwnStore } = await import('../../core/auth/own-store.js');
  const store = createOwnStore({ file: ctx.paths.authProfiles, secrets: ctx.secrets });
  const id = await keychainErrors(() => store.saveApiKey(provider, key));
  process.stdout.write(`saved ${id} to the ${ctx.secrets.kind === 'file' ? 'secrets file' : 'keychain'}\n`);
}

/**
 * `clawbar auth add-token anthropic`: a long-lived token a CLI printed (`claude setup-token`), kept
 * in the keychain as the provider's token profile with its expiry counted from now.
 */
export async function addToken(provider: string, _options: unknown, command?: Command): Promise<void> {
  const { longLivedTokenOf, tokenProviders } = await import('../../core/providers/registry.js');
  const spec = longLivedTokenOf(provider);
  if (!spec) throw new CliError(`"${provider}" takes no long-lived token: use ${tokenProviders().join(', ')}`);
  const ctx = await context(command);
  const token = await readSecretFromStdin(`token from \`${spec.command}\``);
  if (!token.startsWith(spec.prefix)) {
    throw new CliError(`that is not a token from \`${spec.command}\` (it starts ${spec.prefix}…)`);
  }
  const { createOwnStore } = await import('../../core/auth/own-store.js');
  const { formatDuration } = await import('../../../src-shared/format.js');
  const store = createOwnStore({ file: ctx.paths.authProfiles, secrets: ctx.secrets });
  await keychainErrors(() => store.saveToken(spec.profileId, token, Date.now() + spec.lifetimeMs));
  const where = ctx.secrets.kind === 'file' ? 'secrets file' : 'keychain';
  process.stdout.write(`saved ${spec.profileId} to the ${where}, expires in ${formatDuration(spec.lifetimeMs)}\n`);
}

/** The secrets `clawbar secrets set` takes: what to call each in messages, and the prefix a Slack token has. */
export const SETTABLE_SECRETS: Record<string, { what: string; prefix?: string }> = {
  'discord-token': { what: 'Discord bot token' },
  'slack-bot-token': { what: 'Slack bot token', prefix: 'xoxb-' },
  'slack-app-token': { what: 'Slack app-level token', prefix: 'xapp-' },
};

export async function setSecret(name: string, _options: unknown, command?: Command): Promise<void> {
  const spec = SETTABLE_SECRETS[name];
  if (!spec) throw new CliError(`unknown secret "${name}": use one of ${Object.keys(SETTABLE_SECRETS).join(', ')}`);
  const ctx = await context(command);
  const value = await readSecretFromStdin(spec.what);
  if (spec.prefix && !value.startsWith(spec.prefix)) {
    // Name only the prefix, never the value: it tells which token was pasted.
    const found = /^(xox[a-z]-|xapp-)/.exec(value)?.[1];
    throw new CliError(
      `that is not a ${spec.what} (${spec.prefix}…)${found ? `: it starts with ${found}` : ''}; nothing was saved`,
    );
  }
  await keychainErrors(() => ctx.secrets.set(name, value));
  process.stdout.write(`saved ${name} to the ${ctx.secrets.kind === 'file' ? 'secrets file' : 'keychain'}\n`);
}
