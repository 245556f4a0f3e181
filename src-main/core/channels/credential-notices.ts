// Notifications for channel credentials, until they join the auth engine's profiles (issue 13's
// runtime): when a channel's token is rejected or its device logged out — a credential going from
// usable to `expired` — the gateway sends one `notify` naming the credential and the fix.
import type { ChannelView, NotifyEvent } from '../../../src-shared/protocol/index.js';

const USABLE = new Set(['ok', 'static', 'expiring']);
const NAMES: Record<string, string> = { discord: 'Discord', slack: 'Slack', whatsapp: 'WhatsApp' };

/** The notices for credentials that were usable in `before` and are `expired` in `after`. */
export function credentialNotices(before: ChannelView[], after: ChannelView[]): NotifyEvent[] {
  const was = new Map(before.flatMap((view) => (view.credentials ?? []).map((c) => [c.id, c.status] as const)));
  const notices: NotifyEvent[] = [];
  for (const view of after) {
    for (const credential of view.credentials ?? []) {
      const previous = was.get(credential.id);
      if (credential.status !== 'expired' || !previous || !USABLE.has(previous)) continue;
      const name = NAMES[view.id] ?? view.id;
      notices.push({
        id: `channel-expired:${credential.id}:${Date.now()}`,
        level: 'critical',
        title: view.id === 'whatsapp' ? `${name} logged clawbar out` : `${name} rejected ${credential.id}`,
        body: view.detail ?? `${credential.id}: ${credential.detail ?? 'expired'}`,
        profileId: credential.id,
      });
    }
  }
  return notices;
}
