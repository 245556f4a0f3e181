import { describe, expect, it } from 'vitest';

import { clockTime, decisionText, profileName } from './routing-panel';

import type { DecisionView, ProfileView } from '../../src-shared/protocol/index';

const profiles = [
  { id: 'openai-codex:codex-cli@work', provider: 'openai-codex', account: 'work', accountLabel: 'Work' },
  { id: 'openai-codex:codex-cli@personal', provider: 'openai-codex', account: 'personal' },
  { id: 'openai-codex:codex-cli', provider: 'openai-codex' },
] as ProfileView[];

const decision = (over: Partial<DecisionView>): DecisionView => ({
  turn: 41,
  at: '2026-11-30T14:00:00.000Z',
  model: 'openai-codex/gpt-6.1-sol',
  strategy: 'headroom',
  profileId: 'openai-codex:codex-cli@work',
  why: '5h 40% left',
  skipped: [],
  ...over,
});

describe('the routing panel’s words', () => {
  it('names an account’s profile by provider and label, a default one by its id', () => {
    expect(profileName('openai-codex:codex-cli@work', profiles)).toBe('openai-codex@Work');
    expect(profileName('openai-codex:codex-cli@personal', profiles)).toBe('openai-codex@personal');
    expect(profileName('openai-codex:codex-cli', profiles)).toBe('openai-codex:codex-cli');
    expect(profileName('anthropic:claude-cli@gone', profiles)).toBe('anthropic:claude-cli@gone');
  });

  it('says which login answered a turn and why each other one was skipped', () => {
    expect(
      decisionText(
        decision({ skipped: [{ profileId: 'openai-codex:codex-cli@personal', reason: 'Week 2% left' }] }),
        profiles,
      ),
    ).toBe('turn 41: openai-codex@Work (5h 40% left) — openai-codex@personal skipped: Week 2% left');
    expect(
      decisionText(
        decision({ turn: 42, profileId: null, skipped: [{ profileId: 'openai-codex:codex-cli', reason: '429' }] }),
        profiles,
      ),
    ).toBe('turn 42: no login answered — openai-codex:codex-cli skipped: 429');
  });

  it('gives a cooldown’s end as a time of day, with the weekday once it is not today', () => {
    const now = new Date(2026, 10, 30, 13, 0).getTime();
    expect(clockTime(new Date(2026, 10, 30, 14, 5).getTime(), now)).toMatch(/^\d{1,2}:05/);
    expect(clockTime(new Date(2026, 11, 1, 9, 30).getTime(), now)).toMatch(/^\S+ \d{1,2}:30/);
  });
});
