// Channel credentials as auth profiles (DESIGN.md §3: `slack:bot`, `slack:app`, `whatsapp:<number>`):
// what each channel reports in its view, in the shape every other credential has. Tokens have no
// expiry clawbar can see, so `expiresAt` is null; the status says whether the service still takes them.
import type { ChannelView, ProfileView } from '../../../src-shared/protocol/index.js';

/** The command that fixes a credential, named in the profile's detail when it is expired or missing. */
function fixOf(id: string): string {
  if (id.startsWith('whatsapp:')) return 'clawbar channels login whatsapp';
  const secret = { 'slack:bot': 'slack-bot-token', 'slack:app': 'slack-app-token', 'discord:bot': 'discord-token' }[id];
  return secret ? `clawbar secrets set ${secret}` : 'see clawbar doctor';
}

/** One profile per credential of every enabled channel. */
export function channelProfiles(views: ChannelView[]): ProfileView[] {
  return views
    .filter((view) => view.enabled)
    .flatMap((view) =>
      (view.credentials ?? []).map((credential): ProfileView => ({
        id: credential.id,
        provider: credential.id.split(':')[0]!,
        type: 'token',
        source: credential.source,
        status: credential.status,
        expiresAt: null,
        remainingMs: null,
        refreshable: false,
        // Fixed by `clawbar secrets set …` or `channels.link`, never by the login runner.
        relogin: false,
        detail:
          credential.status === 'expired' || credential.status === 'missing'
            ? `${credential.detail ?? credential.status} — run: ${fixOf(credential.id)}`
            : credential.detail,
      })),
    );
}
