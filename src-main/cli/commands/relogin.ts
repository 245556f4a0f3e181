// `clawbar relogin codex|claude|aws|<profile id> [--device]` (DESIGN.md §7): the same login runner
// as the Re-login button, in the terminal. `aws` renews the AWS profile Bedrock runs with
// (AWS_PROFILE or `default`); `bedrock:<aws profile>` names another. Prints the CLI's output (with
// the URL it opens, or with `--device` the link and one-time code to use on another device) and the
// outcome; the exit code is the outcome's: 0 logged in, 1 failed, 130 cancelled with Ctrl-C (129
// SIGHUP, 143 SIGTERM).
import { createLogger, type Logger } from '../../core/log/logger.js';
import { CliError } from '../errors.js';
import { watchParent } from '../parent-watch.js';

import type { AuthEngine } from '../../core/auth/types.js';
import type * as Registry from '../../core/providers/registry.js';

/** A logger that keeps the runner's own info lines out of the terminal (the progress says it all). */
function quietLogger(): Logger {
  const base = createLogger('reauth');
  const quiet: Logger = {
    info: () => undefined,
    debug: (m) => base.debug(m),
    warn: (m) => base.warn(m),
    error: (m) => base.error(m),
    child: () => quiet,
  };
  return quiet;
}

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type Stop = (typeof STOP_SIGNALS)[number] | 'EPIPE' | 'launcher';

/** How each way out reads, and its exit code (128 + the signal's number, as a shell reports it). */
const STOPPED: Record<Stop, { message: string; exitCode: number }> = {
  SIGINT: { message: 'cancelled', exitCode: 130 },
  SIGTERM: { message: 'stopped (SIGTERM)', exitCode: 143 },
  SIGHUP: { message: 'stopped: the terminal closed (SIGHUP)', exitCode: 129 },
  EPIPE: { message: 'stopped: its output was closed', exitCode: 1 },
  launcher: { message: 'stopped: npm exited', exitCode: 1 },
};

/**
 * The profile `which` names: a CLI's own profile (`codex`), the first profile of a CLI that renews
 * a family (`aws` → the AWS profile Bedrock runs with), or a profile id with a login.
 */
async function targetProfile(which: string, engine: AuthEngine, registry: typeof Registry): Promise<string> {
  if (which.includes(':')) {
    if (!registry.loginOf(which)) throw new CliError(`no login can renew ${which}`);
    return which;
  }
  const login = registry.cliLogins().find((candidate) => candidate.cli === which);
  if (!login) {
    const names = registry.cliLogins().map((candidate) => candidate.cli);
    throw new CliError(`unknown login "${which}": use ${names.join(', ')} or a profile id`);
  }
  if (login.profileId) return login.profileId;
  await engine.start();
  const profile = engine.profiles().find((p) => registry.loginOf(p.id) === login);
  if (!profile)
    throw new CliError(`no profile uses the ${which} login yet: name one, e.g. clawbar relogin bedrock:<aws profile>`);
  return profile.id;
}

export async function relogin(
  which: string,
  options: { device?: boolean; account?: string },
  command: { optsWithGlobals(): { config?: string } },
) {
  const [registry, { withAccount }] = await Promise.all([
    import('../../core/providers/registry.js'),
    import('../../core/auth/account-id.js'),
  ]);
  await loginInTerminal(
    which,
    async (engine) => withAccount(await targetProfile(which, engine, registry), options.account),
    command.optsWithGlobals().config,
    options.device ? 'device' : 'browser',
  );
}

/**
 * Runs the CLI login that renews `profile` (an account's: `openai-codex:codex-cli@work`, in its
 * home; or the one a resolver picks once the auth engine is up) in this terminal, printing its
 * progress; throws a CliError with the exit code of the outcome.
 */
export async function loginInTerminal(
  which: string,
  profile: string | ((engine: AuthEngine) => Promise<string>),
  configPath: string | undefined,
  method: 'browser' | 'device' = 'browser',
) {
  const [{ loadAuthContext }, { createAuthEngine }, { createLoginRunner }, { createUrlOpener }, { fixedConfig }] =
    await Promise.all([
      import('../../core/auth/context.js'),
      import('../../core/auth/engine.js'),
      import('../../core/reauth/login-runner.js'),
      import('../../core/browser/open-url.js'),
      import('../../core/config/config-source.js'),
    ]);
  const context = await loadAuthContext(process.env, configPath);
  const engine = createAuthEngine({ ...context, watch: false, logger: createLogger('agents/auth-profiles') });
  const runner = createLoginRunner({
    config: fixedConfig(context.config),
    auth: engine,
    openUrl: createUrlOpener({ env: context.env }),
    env: context.env,
    // The user is at this terminal: the CLI may ask them something (Claude's "paste the code").
    stdin: 'inherit',
    logger: quietLogger(),
  });
  // Once the terminal's pipe is broken (`clawbar relogin codex | head -3`) nothing more is written to it.
  let outputClosed = false;
  const out = (line: string) => {
    if (!outputClosed) process.stdout.write(`${line}\n`);
  };
  let opened = false;
  let reported = false;
  let codeShown = false;
  runner.onProgress((event) => {
    if (event.line && event.state === 'succeeded') {
      reported = true;
      out(`✓ ${event.line}`);
    } else if (event.line) {
      out(`  ${event.line}`);
    }
    if (event.userCode && event.url && !codeShown) {
      // The CLI printed them among its lines; say them once more where nothing else is.
      codeShown = true;
      opened = true;
      out(`→ on any device, open ${event.url} and enter ${event.userCode}`);
    }
    if (method === 'browser' && event.url && !opened) {
      // The CLI printed the URL itself, just above.
      opened = true;
      out('→ opening the login page in the browser (if nothing opens, open the URL above)');
    }
  });

  // The CLI runs in its own process group, out of reach of the terminal's signals: every way
  // this command can end has to take the login (and its server on :1455) down with it.
  let loginId: string;
  try {
    const profileId = typeof profile === 'string' ? profile : await profile(engine);
    ({ loginId } = runner.start(profileId, method));
  } catch (error) {
    await runner.dispose();
    await engine.stop();
    throw error instanceof CliError ? error : new CliError((error as Error).message);
  }
  let stoppedBy: Stop | null = null;
  const stop = (why: Stop) => {
    stoppedBy ??= why;
    runner.cancel(loginId);
  };
  const onSignal = (signal: NodeJS.Signals) => stop(signal as Stop);
  const onOutputError = () => {
    outputClosed = true;
    stop('EPIPE');
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  // Left attached: once the output is broken, later writes fail too and must not crash the exit.
  process.stdout.on('error', onOutputError);
  process.stderr.on('error', onOutputError);
  const unwatch = watchParent(() => stop('launcher'));
  try {
    const { view } = await runner.wait(loginId);
    if (view.state === 'succeeded') {
      if (!reported) out(`✓ ${which} login succeeded`);
      return;
    }
    if (view.state === 'cancelled') {
      const { message, exitCode } = STOPPED[stoppedBy ?? 'SIGINT'];
      throw new CliError(`${which} login ${message}`, exitCode);
    }
    throw new CliError(view.error ?? `${which} login failed`);
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    unwatch();
    await runner.dispose();
    await engine.stop();
  }
}
