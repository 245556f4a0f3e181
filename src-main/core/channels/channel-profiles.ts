// Channel credentials as auth profiles (DESIGN.md §3: `slack:bot`, `slack:app`, `whatsapp:<number>`):
// what each channel reports in its view, in the shape every other credential has — the fix for a
// problem included, derived from the provider descriptors like every other profile's. Tokens have
// no expiry clawbar can see, so `expiresAt` is null; the status says whether the service still takes them.
import { problemSummary } from '../../../src-shared/problem-text.js';
import { providerOf } from '../auth/reading.js';
import { profileFix } from '../providers/fixes.js';

import type { ChannelView, ProfileView } from '../../../src-shared/protocol/index.js';

/** One profile per credential of every enabled channel. */
export function channelProfiles(views: ChannelView[]): ProfileView[] {
  return views
    .filter((view) => view.enabled)
    .flatMap((view) =>
      (view.credentials ?? []).map((credential): ProfileView => ({
        id: credential.id,
        provider: providerOf(credential.id),
        type: 'token',
        source: credential.source,
        status: credential.status,
        expiresAt: null,
        remainingMs: null,
        refreshable: false,
        // Fixed by `clawbar secrets set …` or `channels.link`, never by the login runner.
        relogin: false,
        detail: credential.detail,
        summary: problemSummary({ status: credential.status, detail: credential.detail, type: 'token' }),
        fix: profileFix({ id: credential.id, status: credential.status }),
      })),
    );
}
