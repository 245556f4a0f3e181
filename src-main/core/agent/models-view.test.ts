import { describe, expect, it } from 'vitest';

import { parseModelKey } from './catalog.js';
import { formatContextWindow, formatModelsTable, listModels } from './models-view.js';

import type { ProfileStatus, ProfileView } from '../../../src-shared/protocol/index.js';

const profile = (id: string, status: ProfileStatus): ProfileView => ({
  id,
  provider: id.split(':')[0]!,
  type: 'oauth',
  source: id.split(':')[1]!,
  status,
  expiresAt: null,
  remainingMs: null,
  refreshable: false,
  relogin: false,
  detail: null,
});

describe('models view', () => {
  it('shows the provider headline: the profile the agent would use, missing without one', () => {
    const agent = { model: 'openai-codex/gpt-5.2', fallbacks: ['anthropic/claude-haiku-4-5'] };
    // A dead own login before a working CLI login: the agent uses the CLI's, and so does "Auth".
    const profiles = [profile('openai-codex:default', 'expired'), profile('openai-codex:codex-cli', 'expiring')];
    expect(listModels({ agent, profiles }).map((m) => [m.key, m.auth])).toEqual([
      ['openai-codex/gpt-5.2', 'expiring'],
      ['anthropic/claude-haiku-4-5', 'missing'],
    ]);
    // The first usable profile in auth.order, even when a later one is healthier.
    const both = [profile('openai-codex:default', 'expiring'), profile('openai-codex:codex-cli', 'ok')];
    expect(listModels({ agent, profiles: both })[0]!.auth).toBe('expiring');
    const reordered = { 'openai-codex': ['openai-codex:codex-cli', 'openai-codex:default'] };
    expect(listModels({ agent, profiles: both, order: reordered })[0]!.auth).toBe('ok');
  });

  it('tags default, numbered fallbacks, configured and missing; unknown keys still listed', () => {
    const models = listModels({
      agent: { model: 'openai-codex/gpt-5.2', fallbacks: ['anthropic/claude-haiku-4-5', 'openai/some-new-model'] },
      profiles: [profile('openai-codex:codex-cli', 'expired'), profile('anthropic:claude-cli', 'ok')],
    });
    expect(models.map((m) => [m.key, m.auth, m.tags])).toEqual([
      ['openai-codex/gpt-5.2', 'expired', ['default', 'configured', 'missing']],
      ['anthropic/claude-haiku-4-5', 'ok', ['fallback#1', 'configured']],
      ['openai/some-new-model', 'missing', ['fallback#2', 'configured', 'missing']],
    ]);
    expect(models[2]).toMatchObject({ provider: 'openai', name: 'some-new-model', contextWindow: 0 });
  });

  it('formats the table with aligned columns', () => {
    const table = formatModelsTable(
      listModels({ agent: { model: 'openai/gpt-4.1', fallbacks: [] }, profiles: [profile('openai:env', 'static')] }),
    );
    expect(table.split('\n')).toEqual([
      'Model           Input       Ctx  Local  Auth    Tags',
      'openai/gpt-4.1  text+image  1M   no     static  default,configured',
    ]);
    expect(formatContextWindow(272_000)).toBe('272k');
    expect(formatContextWindow(0)).toBe('-');
  });

  it('parses keys whose model part has slashes, and rejects keys without a provider', () => {
    expect(parseModelKey('openai/ft:gpt-4.1/org')).toMatchObject({
      provider: 'openai',
      name: 'ft:gpt-4.1/org',
      known: false,
    });
    expect(parseModelKey('gpt-5.2')).toBeNull();
  });
});
