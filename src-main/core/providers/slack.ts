// slack: the Slack channel's two tokens, `slack:bot` (xoxb-) and `slack:app` (xapp-, Socket Mode),
// watched like every other credential. The channel reads them and reports each one's status
// (channels/channel-profiles.ts); a token is replaced with `clawbar secrets set slack-bot-token`
// or `slack-app-token`. No models, no usage, nothing the login runner can run.
import { SECRET_ACCOUNTS } from '../secrets/secret-store.js';

import type { ProviderDescriptor } from './types.js';

export const slack: ProviderDescriptor = {
  id: 'slack',
  displayName: 'Slack',
  shortName: 'Slack',
  profiles: [
    { id: 'slack:bot', source: 'channel', type: 'token', secret: SECRET_ACCOUNTS.slackBotToken },
    { id: 'slack:app', source: 'channel', type: 'token', secret: SECRET_ACCOUNTS.slackAppToken },
  ],
};
