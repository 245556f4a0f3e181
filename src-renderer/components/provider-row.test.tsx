import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { type ProfileView, type ProviderView } from '../../src-shared/protocol/index';
import { groupByProvider } from '../../src-shared/provider-groups';
import { freezeClockAt, profileView } from '../renderer.test-helper';

import { ProviderRow, tightestWindow } from './provider-row';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const H = 3600_000;

freezeClockAt(NOW);

const codexView = (over: Partial<ProviderView> = {}): ProviderView => ({
  provider: 'openai-codex',
  displayName: 'OpenAI Codex',
  shortName: 'Codex',
  status: 'expiring',
  usage: null,
  ...over,
});

function renderRow(profiles: ProfileView[], view: ProviderView) {
  const onLogin = vi.fn();
  const [group] = groupByProvider(profiles, [view]);
  render(
    <ProviderRow
      group={group!}
      profiles={profiles}
      logins={{}}
      offline={false}
      onLogin={onLogin}
      onLink={() => undefined}
      onCancelLogin={() => undefined}
      onDismissLogin={() => undefined}
    />,
  );
  return { onLogin, row: screen.getByRole('region') };
}

describe('ProviderRow', () => {
  it('heads with the login the agent uses and lists the dead fallback under it with its fix', () => {
    const cli = profileView({
      id: 'openai-codex:codex-cli',
      status: 'expiring',
      expiresAt: new Date(NOW + H + 59 * 60_000).toISOString(),
    });
    const own = profileView({
      id: 'openai-codex:default',
      source: 'clawbar',
      status: 'expired',
      detail: 'token expired',
      summary: 'The login expired.',
      fix: { kind: 'login', label: 'Re-login', command: 'clawbar auth login openai-codex' },
    });
    const view = codexView({
      headline: { profileId: cli.id, expiresAt: cli.expiresAt, problems: [own.id] },
    });
    const { row, onLogin } = renderRow([cli, own], view);
    expect(row.getAttribute('aria-label')).toBe('Codex works · login expires in 1h 59m');
    const problem = row.querySelector('[data-problem="openai-codex:default"]') as HTMLElement;
    expect(within(problem).getByText('The login expired.')).toBeTruthy();
    fireEvent.click(within(problem).getByRole('button', { name: 'Re-login openai-codex:default' }));
    expect(onLogin).toHaveBeenCalledWith('openai-codex:default');
    // The working login is not a problem row.
    expect(row.querySelector('[data-problem="openai-codex:codex-cli"]')).toBeNull();
  });

  it('offers "Log in" for a login that never existed, and the command to copy for a key', () => {
    const missing = profileView({
      id: 'anthropic:claude-cli',
      source: 'claude-cli',
      status: 'missing',
      summary: 'Not logged in.',
      fix: { kind: 'login', label: 'Log in', command: 'claude auth login' },
    });
    const key = profileView({
      id: 'anthropic:default',
      type: 'api_key',
      source: 'keychain',
      status: 'missing',
      summary: 'No key added.',
      fix: { kind: 'command', label: 'Add key', command: 'clawbar auth add-key anthropic' },
    });
    const view: ProviderView = {
      provider: 'anthropic',
      displayName: 'Anthropic',
      shortName: 'Claude',
      status: 'missing',
      usage: null,
      headline: { profileId: null, expiresAt: null, problems: [missing.id, key.id] },
    };
    const { row } = renderRow([missing, key], view);
    expect(row.getAttribute('aria-label')).toBe('Claude stopped · not logged in');
    expect(within(row).getByRole('button', { name: 'Log in anthropic:claude-cli' })).toBeTruthy();
    expect(within(row).getAllByText('clawbar auth add-key anthropic').length).toBeGreaterThan(0);
  });

  it('shows the tightest usage window on the row, and a usage failure in words', () => {
    const cli = profileView({ id: 'openai-codex:codex-cli', status: 'ok' });
    const windows = [
      { label: '5h', windowSeconds: 18000, usedPercent: 20, leftPercent: 80, resetAt: null },
      { label: 'Week', windowSeconds: 604800, usedPercent: 47.3, leftPercent: 52.7, resetAt: null },
    ];
    expect(tightestWindow(windows)?.label).toBe('Week');
    const withUsage = codexView({ status: 'ok', usage: { windows, fetchedAt: null, stale: false, error: null } });
    const { row } = renderRow([cli], withUsage);
    // One rounding rule: what is left rounds down.
    expect(row.querySelector('.prow-usage')?.textContent).toBe('Week 52% left');
  });

  it('words a usage error for people, not as the raw fetch error', () => {
    const cli = profileView({ id: 'openai-codex:codex-cli', status: 'ok' });
    const failing = codexView({
      status: 'ok',
      usage: { windows: [], fetchedAt: null, stale: false, error: 'cannot reach 127.0.0.1:9: fetch failed' },
    });
    const { row } = renderRow([cli], failing);
    expect(row.querySelector('.prow-usage')?.textContent).toBe('Usage server unreachable.');
  });
});
