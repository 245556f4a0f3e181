import { describe, expect, it } from 'vitest';

import { channelProfiles } from './channel-profiles.js';

describe('channel credentials as profiles', () => {
  it('gives each credential of an enabled channel a token profile with its problem in words and its fix', () => {
    const profiles = channelProfiles([
      {
        id: 'slack',
        enabled: true,
        state: 'error',
        detail: 'Slack rejected the app token (token_revoked) — run: clawbar secrets set slack-app-token',
        credentials: [
          { id: 'slack:bot', status: 'static', source: 'keychain', detail: null },
          { id: 'slack:app', status: 'expired', source: 'env', detail: 'rejected by Slack' },
        ],
      },
      {
        id: 'whatsapp',
        enabled: true,
        state: 'error',
        detail: null,
        credentials: [{ id: 'whatsapp:unlinked', status: 'missing', source: 'device', detail: 'not linked' }],
      },
      { id: 'discord', enabled: false, state: 'disabled', detail: null },
    ]);
    expect(profiles).toEqual([
      {
        id: 'slack:bot',
        provider: 'slack',
        type: 'token',
        source: 'keychain',
        status: 'static',
        expiresAt: null,
        remainingMs: null,
        refreshable: false,
        relogin: false,
        detail: null,
        summary: null,
        fix: null,
      },
      expect.objectContaining({
        id: 'slack:app',
        status: 'expired',
        source: 'env',
        detail: 'rejected by Slack',
        summary: 'The server rejected this token.',
        fix: { kind: 'command', label: 'Replace token', command: 'clawbar secrets set slack-app-token' },
      }),
      expect.objectContaining({
        id: 'whatsapp:unlinked',
        provider: 'whatsapp',
        status: 'missing',
        detail: 'not linked',
        summary: 'Not linked yet.',
        fix: { kind: 'link', label: 'Link WhatsApp', command: 'clawbar channels login whatsapp', channel: 'whatsapp' },
      }),
    ]);
  });
});
