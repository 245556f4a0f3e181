import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { type ProfileView, type ProviderView } from '../../src-shared/protocol/index';
import { groupByProvider } from '../../src-shared/provider-groups';
import { freezeClockAt, profileView, usage } from '../renderer.test-helper';

import { ProviderSection } from './provider-section';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const H = 3600_000;

freezeClockAt(NOW);

const window5h = (usedPercent: number) => ({
  label: '5h',
  windowSeconds: 18_000,
  usedPercent,
  leftPercent: 100 - usedPercent,
  resetAt: new Date(NOW + 2 * H).toISOString(),
});

function renderSection(profiles: ProfileView[], view: ProviderView) {
  const onRelogin = vi.fn();
  const [group] = groupByProvider(profiles, [view]);
  render(
    <ProviderSection
      group={group!}
      profiles={profiles}
      usage={view.usage}
      logins={{}}
      offline={false}
      onRelogin={onRelogin}
      onCancelLogin={() => undefined}
      onDismissLogin={() => undefined}
    />,
  );
  return { onRelogin };
}

describe('ProviderSection accounts (issue 17)', () => {
  const main = profileView({ id: 'openai-codex:codex-cli', expiresAt: new Date(NOW + 5 * 24 * H).toISOString() });
  const work = profileView({
    id: 'openai-codex:codex-cli@work',
    account: 'work',
    accountLabel: 'Work laptop',
    status: 'expired',
    expiresAt: new Date(NOW - H).toISOString(),
    relogin: true,
    detail: 'token expired',
  });
  const personal = profileView({ id: 'openai-codex:codex-cli@personal', account: 'personal', status: 'ok' });
  const view: ProviderView = {
    provider: 'openai-codex',
    displayName: 'OpenAI Codex',
    shortName: 'Codex',
    status: 'ok',
    usage: usage({ windows: [window5h(20)] }),
    accounts: [
      { id: 'work', label: 'Work laptop', status: 'expired', usage: usage({ windows: [window5h(90)] }) },
      { id: 'personal', label: 'personal', status: 'ok', usage: null, sameLoginAs: 'default' },
    ],
  };

  it('shows each account with its label, status, own usage windows and its own profile cards', () => {
    const { onRelogin } = renderSection([main, work, personal], view);
    const section = screen.getByRole('region', { name: 'Work laptop account' });
    expect(within(section).getByRole('heading', { name: /Work laptop/ }).textContent).toBe('Work laptopwork');
    expect(section.querySelector('.account-head [data-status]')?.getAttribute('data-status')).toBe('expired');
    expect(within(section).getByLabelText('openai-codex@work 5h window: 10% left')).toBeTruthy();
    // Its card and fix are its own, not the default login's.
    expect(
      [...section.querySelectorAll('[data-profile-id]')].map((card) => card.getAttribute('data-profile-id')),
    ).toEqual([work.id]);
    fireEvent.click(within(section).getByRole('button', { name: `Re-login ${work.id}` }));
    expect(onRelogin).toHaveBeenCalledWith(work.id);

    const other = screen.getByRole('region', { name: 'personal account' });
    expect(within(other).getByRole('note').textContent).toBe('Same login as the default account.');
    expect(within(other).queryByRole('group')).toBeNull(); // no usage yet: no bars
  });

  it("keeps the default login's windows and cards at the top, without the accounts' profiles", () => {
    renderSection([main, work, personal], view);
    const top = screen.getByLabelText('openai-codex 5h window: 80% left');
    expect(top.closest('.account')).toBeNull();
    const outside = [...document.querySelectorAll('[data-profile-id]')].filter((card) => !card.closest('.account'));
    expect(outside.map((card) => card.getAttribute('data-profile-id'))).toEqual([main.id]);
  });

  it('keeps a profile of an account the gateway does not list among the default cards (older gateway)', () => {
    const { accounts: _dropped, ...older } = view;
    renderSection([main, work], older);
    expect(document.querySelector('.account')).toBeNull();
    expect(
      [...document.querySelectorAll('[data-profile-id]')].map((card) => card.getAttribute('data-profile-id')).sort(),
    ).toEqual([main.id, work.id].sort());
  });
});
