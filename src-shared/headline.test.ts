import { describe, expect, it } from 'vitest';

import { profileView } from '../test/fixtures/views.js';

import { headlineWords, secondaryProblems } from './headline.js';

import type { ProviderView } from './protocol/index.js';

const H = 3_600_000;
const NOW = Date.parse('2026-11-25T12:00:00Z');
const at = (ms: number) => new Date(NOW + ms).toISOString();

const codex = (over: Partial<ProviderView> = {}): ProviderView => ({
  provider: 'openai-codex',
  displayName: 'OpenAI Codex',
  shortName: 'Codex',
  status: 'ok',
  usage: null,
  ...over,
});

describe('headlineWords', () => {
  it('answers "will my agent keep working, and until when" from the profile in use', () => {
    const profiles = [
      profileView({ id: 'openai-codex:default', status: 'expired', expiresAt: at(-3 * H), source: 'clawbar' }),
      profileView({ id: 'openai-codex:codex-cli', status: 'expiring', expiresAt: at(H + 59 * 60_000 + 30_000) }),
    ];
    const provider = codex({
      status: 'expiring',
      headline: {
        profileId: 'openai-codex:codex-cli',
        expiresAt: profiles[1]!.expiresAt,
        problems: ['openai-codex:default'],
      },
    });
    expect(headlineWords(provider, profiles, NOW)).toMatchObject({
      works: true,
      text: 'Codex works · login expires in 1h 59m',
      profile: { id: 'openai-codex:codex-cli' },
    });
    expect(secondaryProblems(provider, profiles).map((p) => p.id)).toEqual(['openai-codex:default']);
  });

  it('says why it stopped when nothing is usable', () => {
    const expired = [profileView({ id: 'openai-codex:codex-cli', status: 'expired', expiresAt: at(-2 * H) })];
    const stopped = codex({
      status: 'expired',
      headline: { profileId: null, expiresAt: null, problems: ['openai-codex:codex-cli'] },
    });
    expect(headlineWords(stopped, expired, NOW).text).toBe('Codex stopped · login expired 2h 0m ago');
    const rejected = [{ ...expired[0]!, expiresAt: at(9 * H), detail: 'rejected by server (401)' }];
    expect(headlineWords(stopped, rejected, NOW).text).toBe('Codex stopped · login rejected by the server');
    const missing = [profileView({ id: 'openai-codex:codex-cli', status: 'missing' })];
    expect(headlineWords(codex({ status: 'missing' }), missing, NOW)).toMatchObject({
      works: false,
      text: 'Codex stopped · not logged in',
    });
    const noKey = [profileView({ id: 'openai:env', status: 'missing', type: 'api_key', source: 'env' })];
    const openai = { ...codex({ status: 'missing' }), provider: 'openai', shortName: 'OpenAI' };
    expect(headlineWords(openai, noKey, NOW).text).toBe('OpenAI stopped · no API key');
  });

  it('words keys and channel tokens without an expiry', () => {
    const key = [profileView({ id: 'openai:env', status: 'static', type: 'api_key', source: 'env' })];
    const openai = {
      ...codex({ status: 'static', headline: { profileId: 'openai:env', expiresAt: null, problems: [] } }),
      provider: 'openai',
      shortName: 'OpenAI',
    };
    expect(headlineWords(openai, key, NOW).text).toBe('OpenAI works · API key, no expiry');
  });

  it('still gives a verdict from an older gateway that sends no headline', () => {
    const profiles = [profileView({ id: 'openai-codex:codex-cli', status: 'ok', expiresAt: at(30 * H) })];
    expect(headlineWords(codex(), profiles, NOW).text).toBe('Codex works · login expires in 1d 6h');
    expect(
      secondaryProblems(codex(), [...profiles, profileView({ id: 'openai-codex:default', status: 'expired' })]).map(
        (p) => p.id,
      ),
    ).toEqual(['openai-codex:default']);
  });
});
