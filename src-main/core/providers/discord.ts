// discord: the Discord channel's bot token, `discord:bot`, reported by the channel and replaced
// with `clawbar secrets set discord-token`.
import { SECRET_ACCOUNTS } from '../secrets/secret-store.js';

import type { ProviderDescriptor } from './types.js';

export const discord: ProviderDescriptor = {
  id: 'discord',
  displayName: 'Discord',
  shortName: 'Discord',
  profiles: [{ id: 'discord:bot', source: 'channel', type: 'token', secret: SECRET_ACCOUNTS.discordToken }],
};
