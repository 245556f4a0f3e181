// `clawbar relogin codex|claude` (DESIGN.md §7): the same login runner as the Re-login button, in
// the terminal. Prints the CLI's output (with the URL it opens) and the outcome; the exit code is
// the outcome's: 0 logged in, 1 failed, 130 cancelled with Ctrl-C.
import { createLogger, type Logger } from '../../core/log/logger.js';
import { CliError } from '../errors.js';

import type { LoginCli } from '../../core/reauth/types.js';

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

export async function relogin(which: LoginCli, _options: unknown, command: { optsWithGlobals(): { config?: string } }) {
  const [{ loadAuthContext }, { createAuthEngine }, { createLoginRunner, PROFILE_OF_LOGIN_CLI }, { createUrlOpener }] =
    await Promise.all([
      import('../../core/auth/context.js'),
      import('../../core/auth/engine.js'),
      import('../../core/reauth/login-runner.js'),
      import('../../core/browser/open-url.js'),
    ]);
  const context = await loadAuthContext(process.env, command.optsWithGlobals().config);
  const engine = createAuthEngine({ ...context, watch: false, logger: createLogger('agents/auth-profiles') });
  const runner = createLoginRunner({
    config: context.config,
    auth: engine,
    openUrl: createUrlOpener({ env: context.env }),
    env: context.env,
    // The user is at this terminal: the CLI may ask them something (Claude's "paste the code").
    stdin: 'inherit',
    logger: quietLogger(),
  });
  const out = (line: string) => process.stdout.write(`${line}\n`);
  let opened = false;
  let reported = false;
  runner.onProgress((event) => {
    if (event.line && event.state === 'succeeded') {
      reported = true;
      out(`✓ ${event.line}`);
    } else if (event.line) {
      out(`  ${event.line}`);
    }
    if (event.url && !opened) {
      // The CLI printed the URL itself, just above.
      opened = true;
      out('→ opening the login page in the browser (if nothing opens, open the URL above)');
    }
  });

  const { loginId } = runner.start(PROFILE_OF_LOGIN_CLI[which]);
  const onSignal = () => runner.cancel(loginId);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const { view } = await runner.wait(loginId);
    if (view.state === 'succeeded') {
      if (!reported) out(`✓ ${which} login succeeded`);
      return;
    }
    if (view.state === 'cancelled') throw new CliError(`${which} login cancelled`, 130);
    throw new CliError(view.error ?? `${which} login failed`);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await runner.dispose();
    await engine.stop();
  }
}
