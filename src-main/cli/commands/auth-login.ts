// `clawbar auth login <provider> [--no-open] [--device]` (DESIGN.md §7): clawbar's own OAuth login
// (in this machine's browser, or with `--device` a link and a one-time code for another device), stored
// as the profile its provider declares (tokens in the keychain, metadata in auth-profiles.json).
// Its own refresh token is independent of the Codex CLI's, so refreshing it never logs Codex out.
import { formatDuration } from '../../../src-shared/format.js';
import { CliError } from '../errors.js';

export async function authLogin(
  provider: string,
  options: { open?: boolean; device?: boolean },
  command: { optsWithGlobals(): { config?: string } },
): Promise<void> {
  const { ownLoginOf, ownLoginProviders } = await import('../../core/providers/registry.js');
  const own = ownLoginOf(provider);
  if (!own) {
    throw new CliError(`clawbar has no login of its own for "${provider}": use ${ownLoginProviders().join(', ')}`);
  }
  if (options.device && !own.device) throw new CliError(`${own.profileId} has no device-code login`);
  const [
    { loadAuthContext },
    { createOwnStore },
    { resolveEndpoints },
    { runOwnLogin },
    { runOwnDeviceLogin },
    { callbackPorts },
    { createUrlOpener },
    { SecretStoreUnavailableError },
  ] = await Promise.all([
    import('../../core/auth/context.js'),
    import('../../core/auth/own-store.js'),
    import('../../core/config/paths.js'),
    import('../../core/reauth/own-login.js'),
    import('../../core/reauth/own-device-login.js'),
    import('../../core/reauth/openai-oauth.js'),
    import('../../core/browser/open-url.js'),
    import('../../core/secrets/secret-store.js'),
  ]);
  const context = await loadAuthContext(process.env, command.optsWithGlobals().config);
  const store = createOwnStore({ file: context.paths.authProfiles, secrets: context.secrets });
  // Make sure the tokens can be stored before sending the user to the browser.
  try {
    await context.secrets.get(own.profileId);
  } catch (error) {
    if (error instanceof SecretStoreUnavailableError) throw new CliError(error.message);
    throw error;
  }

  const out = (line: string) => process.stdout.write(`${line}\n`);
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const authBaseUrl = resolveEndpoints(context.env).openaiAuthUrl;
  try {
    const tokens = options.device
      ? await runOwnDeviceLogin({
          authBaseUrl,
          store,
          signal: abort.signal,
          onDeviceCode: ({ url, userCode }) => {
            out(`Sign in to OpenAI for clawbar's own login (${own.profileId}) on any device:`);
            out('');
            out(`  1. Open ${url}`);
            out(`  2. Enter the code ${userCode} (it expires in 15 minutes)`);
            out('');
            out('Waiting… (Ctrl-C cancels)');
          },
        })
      : await runOwnLogin({
          authBaseUrl,
          store,
          ports: callbackPorts(context.env),
          timeoutMs: context.config.reauth[own.timeoutFrom].timeoutMs,
          signal: abort.signal,
          ...(options.open === false ? {} : { openUrl: createUrlOpener({ env: context.env }) }),
          onUrl: (url) => {
            out(`Sign in to OpenAI for clawbar's own login (${own.profileId}):`);
            out('');
            out(url);
            out('');
            out(
              options.open === false
                ? 'Open the URL above in a browser on this machine. Waiting… (Ctrl-C cancels)'
                : 'Opening the browser… if nothing opens, open the URL above. Waiting… (Ctrl-C cancels)',
            );
          },
        });
    const where = context.secrets.kind === 'keychain' ? 'the keychain' : 'secrets.json';
    const who = tokens.email ? ` (${tokens.email})` : '';
    out(
      `✓ ${own.profileId}${who} ok, expires in ${formatDuration(tokens.expiresAt - Date.now())} — tokens stored in ${where}`,
    );
  } catch (error) {
    if (abort.signal.aborted) throw new CliError('login cancelled', 130);
    throw new CliError((error as Error).message);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
