import { describe, expect, it } from 'vitest';

import { createProfileFeed } from './profile-feed.js';

import type { ProfileView } from '../../../src-shared/protocol/index.js';

const profile = (id: string, status: ProfileView['status']): ProfileView => ({
  id,
  provider: id.split(':')[0]!,
  type: 'token',
  source: 'env',
  status,
  expiresAt: null,
  remainingMs: null,
  refreshable: false,
  relogin: false,
  detail: null,
});

function fakeEngine(initial: ProfileView[]) {
  let current = initial;
  const listeners = new Set<(p: ProfileView[]) => void>();
  return {
    profiles: () => current,
    reload: async () => current,
    onChanged: (l: (p: ProfileView[]) => void) => (listeners.add(l), () => listeners.delete(l)),
    change(next: ProfileView[]) {
      current = next;
      for (const l of listeners) l(next);
    },
  };
}

describe('the profile feed', () => {
  it('lists the engine’s profiles then the extra sources’, announcing each change once', () => {
    const engine = fakeEngine([profile('openai:env', 'static')]);
    const feed = createProfileFeed(engine);
    const seen: string[][] = [];
    feed.onChanged((list) => seen.push(list.map((p) => `${p.id}=${p.status}`)));
    feed.setExtra('channels', [profile('slack:bot', 'static')]);
    feed.setExtra('channels', [profile('slack:bot', 'static')]);
    feed.setExtra('channels', [profile('slack:bot', 'expired')]);
    engine.change([profile('openai:env', 'static'), profile('anthropic:env', 'static')]);
    expect(seen).toEqual([
      ['openai:env=static', 'slack:bot=static'],
      ['openai:env=static', 'slack:bot=expired'],
      ['openai:env=static', 'anthropic:env=static', 'slack:bot=expired'],
    ]);
    expect(feed.profiles().map((p) => p.id)).toEqual(['openai:env', 'anthropic:env', 'slack:bot']);
  });
});
