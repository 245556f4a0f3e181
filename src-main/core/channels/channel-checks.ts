// What `clawbar doctor` can tell about each enabled channel's credentials without going online:
// the Slack tokens present and of the right kind, the WhatsApp device linked (or logged out).
import { SECRET_ACCOUNTS } from '../secrets/secret-store.js';

import { errorText } from './error-text.js';

import type { Config } from '../config/schema.js';
import type { SecretStore } from '../secrets/secret-store.js';

export interface ChannelCheck {
  name: string;
  level: 'ok' | 'warn' | 'fail';
  text: string;
}

export interface ChannelCheckOptions {
  config: Config['channels'];
  env: Record<string, string | undefined>;
  secrets: Pick<SecretStore, 'get' | 'kind'>;
  whatsappDir: string;
}

async function tokenCheck(
  options: ChannelCheckOptions,
  spec: { name: string; env: string; account: string; prefix?: string },
): Promise<ChannelCheck> {
  let value = options.env[spec.env]?.trim() || null;
  let source = spec.env;
  if (!value) {
    source = options.secrets.kind === 'file' ? 'the secrets file' : 'the keychain';
    try {
      value = (await options.secrets.get(spec.account))?.trim() || null;
    } catch (error) {
      return { name: spec.name, level: 'fail', text: `cannot read the keychain: ${errorText(error)}` };
    }
  }
  if (!value) {
    return {
      name: spec.name,
      level: 'fail',
      text: `missing — run: clawbar secrets set ${spec.account} (or set ${spec.env})`,
    };
  }
  if (spec.prefix && !value.startsWith(spec.prefix)) {
    return {
      name: spec.name,
      level: 'fail',
      text: `not a ${spec.prefix}… token — run: clawbar secrets set ${spec.account}`,
    };
  }
  return { name: spec.name, level: 'ok', text: `present (${source}); the gateway checks it with the service` };
}

/** One check per credential of each enabled channel; nothing for disabled channels. */
export async function checkChannelCredentials(options: ChannelCheckOptions): Promise<ChannelCheck[]> {
  const checks: Promise<ChannelCheck>[] = [];
  if (options.config.discord.enabled) {
    checks.push(
      tokenCheck(options, { name: 'discord:bot', env: 'DISCORD_BOT_TOKEN', account: SECRET_ACCOUNTS.discordToken }),
    );
  }
  if (options.config.slack.enabled) {
    checks.push(
      tokenCheck(options, {
        name: 'slack:bot',
        env: 'SLACK_BOT_TOKEN',
        account: SECRET_ACCOUNTS.slackBotToken,
        prefix: 'xoxb-',
      }),
      tokenCheck(options, {
        name: 'slack:app',
        env: 'SLACK_APP_TOKEN',
        account: SECRET_ACCOUNTS.slackAppToken,
        prefix: 'xapp-',
      }),
    );
  }
  if (options.config.whatsapp.enabled) {
    checks.push(
      (async (): Promise<ChannelCheck> => {
        try {
          const { loadWhatsAppAuthState } = await import('./whatsapp-auth-state.js');
          const store = await loadWhatsAppAuthState(options.whatsappDir);
          const account = await store.account();
          if (store.isLinked() && account && !account.loggedOut) {
            return { name: `whatsapp:+${account.number}`, level: 'ok', text: 'linked' };
          }
          if (account?.loggedOut) {
            return {
              name: `whatsapp:+${account.number}`,
              level: 'fail',
              text: 'logged out by WhatsApp — run: clawbar channels login whatsapp',
            };
          }
          return { name: 'whatsapp', level: 'fail', text: 'not linked — run: clawbar channels login whatsapp' };
        } catch (error) {
          return { name: 'whatsapp', level: 'fail', text: errorText(error) };
        }
      })(),
    );
  }
  return Promise.all(checks);
}
