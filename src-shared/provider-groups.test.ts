import { describe, expect, it } from 'vitest';

import { profileView } from '../test/fixtures/views.js';

import { groupByProvider } from './provider-groups.js';

import type { ProviderView } from './protocol/index.js';

const provider = (name: string, status: ProviderView['status'], usage: ProviderView['usage'] = null): ProviderView => ({
  provider: name,
  displayName: `${name} (named)`,
  shortName: name,
  status,
  usage,
});
const at = (hours: number) => new Date(Date.parse('2026-11-25T12:00:00Z') + hours * 3600_000).toISOString();

describe('groupByProvider', () => {
  it('puts the most urgent profile first within a provider, sooner expiry first within a status', () => {
    const groups = groupByProvider(
      [
        profileView({ id: 'openai-codex:default', status: 'ok', expiresAt: at(100) }),
        profileView({ id: 'openai-codex:codex-cli', status: 'expiring', expiresAt: at(5) }),
        profileView({ id: 'openai-codex:other', status: 'ok', expiresAt: at(50) }),
      ],
      [provider('openai-codex', 'expiring')],
    );
    expect(groups.map((g) => g.profiles.map((p) => p.id))).toEqual([
      ['openai-codex:codex-cli', 'openai-codex:other', 'openai-codex:default'],
    ]);
  });

  it("takes a group's status from the gateway's provider view", () => {
    const groups = groupByProvider(
      [profileView({ id: 'openai-codex:codex-cli', status: 'ok', expiresAt: at(100) })],
      [provider('openai-codex', 'expired')],
    );
    expect(groups[0]?.status).toBe('expired');
    expect(groups[0]?.view.displayName).toBe('openai-codex (named)');
  });

  it('names a group by its id until the gateway has sent its provider view', () => {
    const groups = groupByProvider([profileView({ id: 'openai-codex:codex-cli', status: 'ok' })]);
    expect(groups[0]?.view.displayName).toBe('openai-codex');
  });

  it('orders providers by their headline: stopped first, then expiring, then working', () => {
    const groups = groupByProvider(
      [
        profileView({ id: 'openai:env', status: 'static', source: 'env' }),
        profileView({ id: 'openai-codex:codex-cli', status: 'ok', expiresAt: at(200) }),
        // A dead fallback of a working provider does not make it a problem provider.
        profileView({ id: 'openai-codex:default', status: 'expired', expiresAt: at(-1) }),
        profileView({ id: 'anthropic:claude-cli', status: 'expired', expiresAt: at(-1) }),
      ],
      [provider('openai-codex', 'ok'), provider('anthropic', 'expired'), provider('openai', 'static')],
    );
    expect(groups.map((g) => g.provider)).toEqual(['anthropic', 'openai-codex', 'openai']);
    const expiring = groupByProvider(
      [profileView({ id: 'anthropic:claude-cli', status: 'expiring' }), profileView({ id: 'openai-codex:codex-cli' })],
      [provider('openai-codex', 'ok'), provider('anthropic', 'expiring')],
    );
    expect(expiring.map((g) => g.provider)).toEqual(['anthropic', 'openai-codex']);
  });

  it('keeps a provider that has usage but no profile, after those with profiles', () => {
    const usage = { windows: [], fetchedAt: at(0), stale: false, error: null };
    const groups = groupByProvider(
      [profileView({ id: 'anthropic:claude-cli', status: 'ok' })],
      [provider('anthropic', 'ok'), provider('openai-codex', 'static', usage)],
    );
    expect(groups.map((g) => g.provider)).toEqual(['anthropic', 'openai-codex']);
  });
});
