import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { makeTempHome, type TempHome } from '../../../test/fixtures/temp-home.js';
import { resolveConfig } from '../config/load.js';

import { checkChannelCredentials } from './channel-checks.js';
import { loadWhatsAppAuthState } from './whatsapp-auth-state.js';

let home: TempHome;
beforeEach(() => (home = makeTempHome()));
afterEach(() => home.cleanup());

const memorySecrets = (values: Record<string, string>) => ({
  kind: 'keychain' as const,
  get: async (account: string) => values[account] ?? null,
});

describe('doctor checks of the channels', () => {
  it('checks nothing for disabled channels', async () => {
    const config = resolveConfig({}, {}).channels;
    expect(
      await checkChannelCredentials({ config, env: {}, secrets: memorySecrets({}), whatsappDir: home.root }),
    ).toEqual([]);
  });

  it('names missing, wrong-kind and present Slack tokens and an unlinked or logged-out WhatsApp', async () => {
    const config = resolveConfig({ channels: { slack: { enabled: true }, whatsapp: { enabled: true } } }, {}).channels;
    const whatsappDir = path.join(home.clawbarHome, 'whatsapp');
    const checks = await checkChannelCredentials({
      config,
      env: { SLACK_APP_TOKEN: 'xoxb-pasted-in-the-wrong-place' },
      secrets: memorySecrets({ 'slack-bot-token': 'xoxb-good-bot-token-0001' }),
      whatsappDir,
    });
    expect(checks).toEqual([
      { name: 'slack:bot', level: 'ok', text: 'present (the keychain); the gateway checks it with the service' },
      { name: 'slack:app', level: 'fail', text: 'not a xapp-… token — run: clawbar secrets set slack-app-token' },
      { name: 'whatsapp', level: 'fail', text: 'not linked — run: clawbar channels login whatsapp' },
    ]);
    expect(JSON.stringify(checks)).not.toContain('good-bot-token');

    const store = await loadWhatsAppAuthState(whatsappDir);
    await store.setAccount({ number: '15550100001', loggedOut: true });
    const [, , whatsapp] = await checkChannelCredentials({ config, env: {}, secrets: memorySecrets({}), whatsappDir });
    expect(whatsapp).toEqual({
      name: 'whatsapp:+15550100001',
      level: 'fail',
      text: 'logged out by WhatsApp — run: clawbar channels login whatsapp',
    });
  });
});
