// The provider descriptors hold together (every id they cross-reference exists, in the right
// provider), and what the rest of clawbar derives from them is what it used to hard-code.
import { describe, expect, it } from 'vitest';

import {
  apiKeyProviders,
  catalogEntries,
  cliLogin,
  credentialSources,
  DEFAULT_MODEL,
  defaultAuthOrder,
  delegatedRefreshProfileId,
  displayName,
  envProfiles,
  findProfile,
  loginOf,
  loginTargets,
  noLoginHint,
  ownLogin,
  ownLoginOf,
  ownStoreProfiles,
  PROVIDERS,
  shortName,
  usageProviders,
} from './registry.js';

describe('the provider descriptors', () => {
  it.each(PROVIDERS.map((p) => [p.id, p] as const))('%s names only its own, declared profiles', (id, provider) => {
    const declared = provider.profiles.map((p) => p.id);
    for (const profileId of declared) expect(profileId.startsWith(`${id}:`)).toBe(true);
    expect(new Set(declared).size).toBe(declared.length);
    const named = [...(provider.authOrder ?? []), provider.standIn ?? [], provider.usage?.profiles ?? []].flat();
    for (const profileId of named) {
      expect(declared).toContain(profileId);
    }
  });

  it('declares every profile id once across all providers, and each CLI login renews a declared profile', () => {
    const ids = PROVIDERS.flatMap((p) => p.profiles.map((profile) => profile.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const target of loginTargets()) expect(findProfile(target.profileId)?.login?.kind).toBe('cli');
  });

  it('lists the providers in the order every list shows them', () => {
    expect(PROVIDERS.map((p) => p.id)).toEqual(['openai-codex', 'anthropic', 'openai', 'slack', 'whatsapp', 'discord']);
  });
});

describe('what derives from them', () => {
  it('names a provider fully in headings and briefly in menus, keeping an unknown id as it is', () => {
    expect([displayName('openai-codex'), shortName('openai-codex')]).toEqual(['OpenAI Codex', 'Codex']);
    expect([displayName('anthropic'), shortName('anthropic')]).toEqual(['Anthropic', 'Claude']);
    expect([displayName('mistral'), shortName('mistral')]).toEqual(['mistral', 'mistral']);
    // The chat channels' credentials are profiles too, named like the others.
    expect(['slack', 'whatsapp', 'discord'].map(shortName)).toEqual(['Slack', 'WhatsApp', 'Discord']);
    expect(loginOf('slack:bot')).toBeUndefined();
  });

  it('offers re-login for every profile a login can renew, including the Codex CLI in API-key mode', () => {
    const renewable = PROVIDERS.flatMap((p) => p.profiles)
      .filter((p) => loginOf(p.id))
      .map((p) => p.id);
    expect(renewable).toEqual([
      'openai-codex:default',
      'openai-codex:codex-cli',
      'anthropic:claude-cli',
      'openai:codex-cli',
    ]);
    expect(loginOf('openai:codex-cli')).toBe(cliLogin('codex'));
    expect(loginOf('openai:env')).toBeUndefined();
  });

  it('runs each CLI login once, with its default command, override variable and install hint', () => {
    expect(loginTargets()).toEqual([
      { profileId: 'openai-codex:codex-cli', provider: 'openai-codex', name: 'Codex', command: 'codex login' },
      { profileId: 'anthropic:claude-cli', provider: 'anthropic', name: 'Claude', command: 'claude auth login' },
    ]);
    expect(cliLogin('codex')).toMatchObject({ commandEnv: 'CLAWBAR_CODEX_BIN', opensBrowser: true });
    expect(cliLogin('claude').installHint).toBe(
      'Claude Code not found — install it with: npm install -g @anthropic-ai/claude-code',
    );
  });

  it('keeps the auth orders of DESIGN.md §3: clawbar’s own login first', () => {
    expect(defaultAuthOrder('openai-codex')).toEqual(['openai-codex:default', 'openai-codex:codex-cli']);
    expect(defaultAuthOrder('openai')).toEqual(['openai:default', 'openai:env', 'openai:codex-cli']);
    expect(defaultAuthOrder('anthropic')).toEqual(['anthropic:default', 'anthropic:claude-cli', 'anthropic:env']);
    expect(defaultAuthOrder('mistral')).toEqual([]);
  });

  it('has one own login and one delegated refresh, both of the Codex backend', () => {
    expect(ownLogin()).toEqual({
      kind: 'own',
      profileId: 'openai-codex:default',
      command: 'clawbar auth login openai-codex',
      timeoutFrom: 'codex',
      device: true,
    });
    expect(ownLoginOf('anthropic')).toBeUndefined();
    expect(delegatedRefreshProfileId()).toBe('openai-codex:codex-cli');
  });

  it('gives the auth engine its sources: the CLIs’ stores, the env variables, clawbar’s own store', () => {
    expect(credentialSources().map((s) => [s.name, s.syncLabel])).toEqual([
      ['codex-cli', 'codex cli'],
      ['claude-cli', 'claude cli'],
    ]);
    expect(envProfiles()).toEqual([
      { id: 'anthropic:env', variable: 'ANTHROPIC_API_KEY' },
      { id: 'openai:env', variable: 'OPENAI_API_KEY' },
    ]);
    expect(ownStoreProfiles()).toEqual([
      { id: 'openai-codex:default', absent: 'not logged in with clawbar (run `clawbar auth login openai-codex`)' },
      { id: 'anthropic:default', absent: 'no key added (run `clawbar auth add-key anthropic`)' },
      { id: 'openai:default', absent: 'no key added (run `clawbar auth add-key openai`)' },
    ]);
    expect(apiKeyProviders()).toEqual(['anthropic', 'openai']);
  });

  it('polls usage only for logins that have windows, and knows the default model', () => {
    expect(usageProviders().map((p) => [p.id, p.usage.profiles])).toEqual([
      ['openai-codex', ['openai-codex:default', 'openai-codex:codex-cli']],
      ['anthropic', ['anthropic:claude-cli']],
    ]);
    expect(DEFAULT_MODEL).toBe('openai-codex/gpt-6.1-sol');
    expect(catalogEntries().filter((m) => m.default)).toHaveLength(1);
    expect(noLoginHint('anthropic')).toBe('claude auth login (or click Re-login in clawbar)');
    expect(noLoginHint('mistral')).toBe('clawbar models status');
  });
});
