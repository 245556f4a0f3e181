import { describe, expect, it } from 'vitest';

import { credentialNotices } from './credential-notices.js';

import type { ChannelView } from '../../../src-shared/protocol/index.js';

const slack = (app: 'static' | 'expired' | 'missing', detail: string | null = null): ChannelView => ({
  id: 'slack',
  enabled: true,
  state: app === 'static' ? 'connected' : 'error',
  detail,
  credentials: [
    { id: 'slack:bot', status: 'static', source: 'keychain', detail: null },
    { id: 'slack:app', status: app, source: 'keychain', detail: app === 'expired' ? 'rejected by Slack' : null },
  ],
});

describe('channel credential notices', () => {
  it('notifies once when a usable credential is rejected, naming the fix', () => {
    const detail = 'Slack rejected the app token (token_revoked) — run: clawbar secrets set slack-app-token';
    const notices = credentialNotices([slack('static')], [slack('expired', detail)]);
    expect(notices).toEqual([
      expect.objectContaining({
        level: 'critical',
        title: 'Slack rejected slack:app',
        body: detail,
        profileId: 'slack:app',
      }),
    ]);
    // Still expired on the next change: no second notice.
    expect(credentialNotices([slack('expired', detail)], [slack('expired', detail)])).toEqual([]);
  });

  it('stays quiet for a credential that was never usable (missing at start)', () => {
    expect(credentialNotices([slack('missing')], [slack('expired')])).toEqual([]);
    expect(credentialNotices([], [slack('expired')])).toEqual([]);
  });
});
