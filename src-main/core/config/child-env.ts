// The environment of every program clawbar starts (codex, claude, the browser opener, `--version`
// probes): the user's environment minus clawbar's own secrets. A child — or whatever it starts in
// turn, like a browser — must never learn the gateway token or the Discord bot token.
import type { Env } from './paths.js';

/** Variables that hold clawbar's secrets: the gateway token and the chat channels' bot tokens. */
const SECRET_VARIABLES = new Set(['CLAWBAR_GATEWAY_TOKEN', 'DISCORD_BOT_TOKEN', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN']);
/** Any further CLAWBAR_… variable that looks like a secret is dropped too. */
const SECRET_LIKE = /^CLAWBAR_.*(TOKEN|SECRET|PASSWORD|KEY)/;

/** `env` (default `process.env`) without clawbar's secrets, plus `extra`; for `spawn`'s `env` option. */
export function childEnv(env: Env = process.env, extra: Env = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries({ ...env, ...extra })) {
    if (value === undefined || SECRET_VARIABLES.has(name) || SECRET_LIKE.test(name)) continue;
    out[name] = value;
  }
  return out;
}
