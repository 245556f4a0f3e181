// The `clawbar` command. Each command's code is imported only when that command runs, so a
// cold `clawbar models status` loads the auth engine and nothing else (see bench/).
import { Command, Option } from 'commander';

import { errorMessage } from '../../src-shared/error-message.js';
import { redact } from '../core/log/logger.js';
import { VERSION } from '../core/version.js';

import { CliError } from './errors.js';

// Commander calls an action with its arguments, then the options object, then the Command.
type Handler = (...args: unknown[]) => Promise<void>;
/** Wraps a lazily imported command so its module loads only when it is invoked. */
const lazy =
  (load: () => Promise<Handler>): Handler =>
  async (...args) =>
    (await load())(...args);

const program = new Command('clawbar')
  .description('Keep AI-agent credentials alive: auth status, usage windows, one-click re-login, the gateway.')
  .version(VERSION)
  .option('--config <path>', 'config file (default: $CLAWBAR_HOME/config.json)')
  .showHelpAfterError('(run `clawbar --help` for usage)');

/** `models status`, which bare `clawbar models` and `clawbar status` also mean. */
const statusCommand = (command: Command) =>
  command
    .description('every auth profile: status, expiry, usage windows')
    .option('--json', 'print one JSON object')
    .option('--check', 'exit 0 when all ok, 2 when something is expiring, 1 when expired or missing')
    .option('--no-usage', 'skip the usage-window requests')
    .option(
      '--probe',
      "ask each OAuth login's server now whether it still accepts the token (exit 1 if one is rejected)",
    )
    .action(lazy(async () => (await import('./commands/models-status.js')).modelsStatus as Handler));

const models = program.command('models').description('auth and model status (default: models status)');
statusCommand(models.command('status', { isDefault: true }));
models
  .command('list')
  .description('configured models with the state of their auth')
  .option('--json', 'print JSON')
  .option('--all', 'the whole catalog, not only configured models')
  .option('--live', "fetch the providers' model lists now (else the cached lists, else the built-in ones)")
  .action(lazy(async () => (await import('./commands/models-list.js')).modelsList as Handler));

statusCommand(program.command('status')).description('the same as `clawbar models status`');

program
  .command('gateway')
  .description('run the gateway in the foreground (headless)')
  .option('--port <port>', 'port on 127.0.0.1 (0: any free port)')
  .option('--open-dashboard', 'print the dashboard URL (with its token) and open it in the browser')
  .action(lazy(async () => (await import('./commands/gateway.js')).gateway as Handler));

program
  .command('dashboard')
  .description('print (and open) the dashboard URL')
  .option('--no-open', 'only print the URL')
  .action(lazy(async () => (await import('./commands/dashboard.js')).dashboard as Handler));

program
  .command('relogin')
  .description('re-run the CLI login of codex, claude or aws (or of one profile), in this terminal')
  // Checked by the command against the provider descriptors, so this file loads none of them.
  .argument('<which>', 'codex, claude, aws, or a profile id (bedrock:<aws profile>)')
  .option('--device', 'a link and a one-time code to finish the login on another device (codex, aws)')
  .option('--account <id>', 'the login of this account (config `accounts`), in its own home')
  .action(lazy(async () => (await import('./commands/relogin.js')).relogin as Handler));

const accounts = program.command('accounts').description('further logins of a CLI, each in its own home');
accounts
  .command('list', { isDefault: true })
  .description('the configured accounts with the status of their login')
  .option('--json', 'print one JSON object')
  .action(lazy(async () => (await import('./commands/accounts.js')).accountsList as Handler));
accounts
  .command('add')
  .description("add an account to config.json and run its CLI's login into its home")
  .argument('<provider>', 'openai-codex or anthropic')
  .argument('<id>', 'the account id: 1–32 of a-z 0-9 - _ (e.g. work)')
  .option('--home <dir>', 'its CLI home (default ~/.codex-<id> or ~/.claude-<id>)')
  .option('--label <text>', 'how menus name it')
  .option('--no-login', 'only add it; log in later with `clawbar relogin <cli> --account <id>`')
  .action(lazy(async () => (await import('./commands/accounts.js')).accountsAdd as Handler));
accounts
  .command('remove')
  .description('remove an account from config.json (its home is left as it is)')
  .argument('<provider>', 'openai-codex or anthropic')
  .argument('<id>', 'the account id')
  .action(lazy(async () => (await import('./commands/accounts.js')).accountsRemove as Handler));

program
  .command('agent')
  .description("the gateway's agent")
  .command('log')
  .description('the last routing decisions: which profile answered each turn, and why others were skipped')
  .option('--json', 'print one JSON object')
  .option('--limit <n>', 'how many turns (default 20)')
  .action(lazy(async () => (await import('./commands/agent-log.js')).agentLog as Handler));

const auth = program.command('auth').description("clawbar's own credentials");
auth
  .command('login')
  .description("clawbar's own OAuth login (kept apart from the CLIs' logins)")
  // Checked by the command against the provider descriptors, so this file loads none of them.
  .argument('<provider>', 'the provider to sign in to (one with a login of its own)')
  .option('--no-open', 'print the URL instead of opening the browser')
  .option('--device', 'a link and a one-time code to finish the login on another device')
  .action(lazy(async () => (await import('./commands/auth-login.js')).authLogin as Handler));
auth
  .command('add-key')
  .description('read an API key from stdin into the keychain (<provider>:default)')
  .argument('<provider>', 'openai or anthropic')
  .action(lazy(async () => (await import('./commands/secrets.js')).addKey as Handler));
auth
  .command('add-token')
  .description('read a long-lived token from stdin into the keychain (anthropic: from `claude setup-token`)')
  .argument('<provider>', 'anthropic')
  .action(lazy(async () => (await import('./commands/secrets.js')).addToken as Handler));

program
  .command('secrets')
  .description('secrets in the keychain')
  .command('set')
  .description('read a secret from stdin into the keychain')
  .addArgument(
    new Command()
      .createArgument('<name>', 'discord-token, slack-bot-token or slack-app-token')
      .choices(['discord-token', 'slack-bot-token', 'slack-app-token']),
  )
  .action(lazy(async () => (await import('./commands/secrets.js')).setSecret as Handler));

program
  .command('channels')
  .description('chat channels')
  .command('login')
  .description('link a channel to this machine (WhatsApp: scan the QR code with the phone)')
  .addArgument(new Command().createArgument('<channel>', 'whatsapp').choices(['whatsapp']))
  .action(lazy(async () => (await import('./commands/channels-login.js')).channelsLogin as Handler));

program
  .command('usage')
  .description(
    "tokens and API-equivalent cost per day and model, from the Codex and Claude Code logs and clawbar's agent",
  )
  .option('--days <n>', 'days to cover, today included (default 7)')
  .option('--json', 'print one JSON object')
  .option('--live', "print the current 5-hour window's burn as it happens (Ctrl-C to stop)")
  .addOption(new Option('--interval <seconds>', 'seconds between --live rescans (default 5)').hideHelp())
  .action(lazy(async () => (await import('./commands/usage.js')).usage as Handler));

program
  .command('doctor')
  .description('check codex/claude, the keychain, the gateway, ports and file modes')
  .action(lazy(async () => (await import('./commands/doctor.js')).doctor as Handler));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  // The debug dump (stack, cause) goes through redaction too: a message may quote a key.
  if (process.env.CLAWBAR_DEBUG === '1')
    process.stderr.write(`${redact((await import('node:util')).inspect(error))}\n`);
  const message = errorMessage(error);
  process.stderr.write(`clawbar: ${redact(message)}\n`);
  process.exitCode = error instanceof CliError ? error.exitCode : 1;
}
