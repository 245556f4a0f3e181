import { describe, expect, it } from 'vitest';

import { agentProfileIds, dyingKey, dyingLogins, dyingState, isDying } from './owner-dying.js';
import { profileView } from './owner.test-helper.js';

const HOUR = 3_600_000;

const route = { agent: { model: 'openai-codex/gpt-6.1-sol', fallbacks: [] }, auth: { order: {} } };

describe('dying logins', () => {
  it('counts an expired login, a rejected one and one inside its last hour with nothing to refresh it', () => {
    expect(isDying(profileView({ id: 'x', status: 'expired', remainingMs: -60_000, refreshable: false }))).toBe(true);
    expect(
      isDying(profileView({ id: 'x', status: 'expired', refreshable: true, detail: 'rejected by server (401)' })),
    ).toBe(true);
    expect(isDying(profileView({ id: 'x', status: 'expiring', remainingMs: 59 * 60_000, refreshable: false }))).toBe(
      true,
    );
  });

  it('leaves out a token its CLI renews on use, one refreshed before it matters, one with hours left, and keys', () => {
    const renews = profileView({
      id: 'x',
      status: 'expired',
      remainingMs: -60_000,
      refreshable: true,
      detail: 'token expired',
    });
    expect(isDying(renews)).toBe(false);
    expect(isDying(profileView({ id: 'x', status: 'expiring', remainingMs: 30 * 60_000, refreshable: true }))).toBe(
      false,
    );
    expect(isDying(profileView({ id: 'x', status: 'expiring', remainingMs: 2 * HOUR, refreshable: false }))).toBe(
      false,
    );
    expect(isDying(profileView({ id: 'x', type: 'api_key', status: 'expired', refreshable: false }))).toBe(false);
  });

  it('looks only at the providers of the agent’s model chain, in routing order', () => {
    const codex = profileView({ id: 'openai-codex:codex-cli', status: 'expired', remainingMs: -1, refreshable: false });
    const claude = profileView({ id: 'anthropic:claude-cli', status: 'expired', remainingMs: -1, refreshable: false });
    expect(agentProfileIds(route, [codex, claude])).toEqual(['openai-codex:default', 'openai-codex:codex-cli']);
    expect(dyingLogins(route, [codex, claude]).map((p) => p.id)).toEqual(['openai-codex:codex-cli']);
    const withFallback = { ...route, agent: { model: route.agent.model, fallbacks: ['anthropic/claude-sonnet-4-5'] } };
    expect(dyingLogins(withFallback, [claude, codex]).map((p) => p.id)).toEqual([
      'openai-codex:codex-cli',
      'anthropic:claude-cli',
    ]);
  });

  it('keys one dying by the token’s expiry and says how it died', () => {
    const a = profileView({ id: 'p', expiresAt: '2026-12-01T00:00:00.000Z' });
    expect(dyingKey(a)).toBe(dyingKey(profileView({ id: 'p', status: 'expired', expiresAt: a.expiresAt })));
    expect(dyingKey(a)).not.toBe(dyingKey({ ...a, expiresAt: '2026-12-11T00:00:00.000Z' }));
    expect(dyingState(profileView({ id: 'p', status: 'expired', remainingMs: -(2 * HOUR + 5 * 60_000) }))).toBe(
      'expired 2h 5m ago',
    );
    expect(dyingState(profileView({ id: 'p', status: 'expired', detail: 'rejected by server (401)' }))).toBe(
      'was rejected by the server',
    );
    expect(dyingState(profileView({ id: 'p', status: 'expiring', remainingMs: 42 * 60_000 }))).toBe('expires in 42m');
  });
});
