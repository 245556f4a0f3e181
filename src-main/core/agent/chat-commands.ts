// Chat commands every channel answers without asking a model (issue 17): `/usage` — every login's
// usage windows in one short message — and `/status` — every profile's status. Pure: the text from
// the profiles and usage the gateway holds; no token ever reaches it.
import { formatDuration } from '../../../src-shared/format.js';
import { formatUsageLine } from '../usage/usage-text.js';

import type { ProfileView, ProviderUsage } from '../../../src-shared/protocol/index.js';

export interface ChatCommandInput {
  profiles: readonly ProfileView[];
  /** Usage by usage key: a provider id, or `<provider>@<account>`. */
  usage: Partial<Record<string, ProviderUsage>>;
  now: number;
}

/** The answer to a chat command, or null when the message is not one. */
export function answerChatCommand(message: string, input: ChatCommandInput): string | null {
  const command = message.trim().toLowerCase();
  if (command === '/usage') {
    const lines = Object.entries(input.usage).flatMap(([key, usage]) =>
      usage ? [`${key} ${formatUsageLine(usage, input.now)}`] : [],
    );
    return lines.length > 0 ? lines.join('\n') : 'No usage windows known yet (no ChatGPT or Claude login is polled).';
  }
  if (command === '/status') {
    if (input.profiles.length === 0) return 'No logins known.';
    return input.profiles
      .map((profile) => {
        const expires =
          (profile.status === 'ok' || profile.status === 'expiring') && profile.remainingMs !== null
            ? ` expires in ${formatDuration(profile.remainingMs)}`
            : '';
        return `${profile.id} ${profile.status}${expires}`;
      })
      .join('\n');
  }
  return null;
}
