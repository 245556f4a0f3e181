import { act, cleanup, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { usage, freezeClockAt } from '../renderer.test-helper';

import { UsageBars } from './usage-bars';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const iso = (offsetMs: number) => new Date(NOW + offsetMs).toISOString();

freezeClockAt(NOW);

const windows = [
  {
    label: '5h',
    windowSeconds: 18000,
    usedPercent: 0,
    leftPercent: 100,
    resetAt: iso((4 * 60 + 59) * 60_000 + 30_000),
  },
  {
    label: 'Week',
    windowSeconds: 604800,
    usedPercent: 47,
    leftPercent: 53,
    resetAt: iso((2 * 24 + 15) * 3600_000 + 60_000),
  },
  { label: 'Day', windowSeconds: 86400, usedPercent: 97, leftPercent: 3, resetAt: null },
];

describe('UsageBars', () => {
  it('shows one bar per window with percent left and the reset countdown', () => {
    render(<UsageBars provider="openai-codex" usage={usage({ windows })} />);
    const meters = screen.getAllByRole('meter');
    expect(meters.map((m) => m.getAttribute('aria-label'))).toEqual([
      'openai-codex 5h window: 100% left',
      'openai-codex Week window: 53% left',
      'openai-codex Day window: 3% left',
    ]);
    expect(meters.map((m) => m.getAttribute('aria-valuenow'))).toEqual(['100', '53', '3']);
    expect(screen.getByText('53% left')).toBeTruthy();
    expect(screen.getByText('4h 59m')).toBeTruthy();
    expect(screen.getByText('2d 15h')).toBeTruthy();
  });

  it('colours a bar by what is left, and fills it to that share', () => {
    render(<UsageBars provider="openai-codex" usage={usage({ windows })} />);
    const [full, half, nearlyGone] = screen.getAllByRole('meter');
    expect(full?.className).toContain('usage-ok');
    expect(half?.className).toContain('usage-ok');
    expect(nearlyGone?.className).toContain('usage-critical');
    expect((half?.firstElementChild as HTMLElement).style.width).toBe('53%');
  });

  it('says under a bar when its window runs out before the reset at this pace, nothing for a pace that lasts', () => {
    const paced = [
      {
        ...windows[0]!,
        usedPercent: 64,
        leftPercent: 36,
        pace: { kind: 'runs-out' as const, ratePerHour: 30, runOutAt: iso(72 * 60_000), resetAt: iso(3 * 3600_000) },
      },
      {
        ...windows[1]!,
        pace: { kind: 'lasts' as const, ratePerHour: 0.1, projectedPercent: 53, resetAt: windows[1]!.resetAt! },
      },
    ];
    render(<UsageBars provider="openai-codex" usage={usage({ windows: paced })} />);
    expect(screen.getAllByRole('note').map((n) => n.textContent)).toEqual([
      'At this pace it runs out in 1h 12m, 1h 48m before the reset',
    ]);
  });

  it('counts the reset down live', () => {
    render(<UsageBars provider="openai-codex" usage={usage({ windows: windows.slice(0, 1) })} />);
    act(() => vi.advanceTimersByTime(4 * 3600_000));
    expect(screen.getByText('59m 30s')).toBeTruthy();
  });

  it('marks stale numbers with their age and shows the error', () => {
    render(
      <UsageBars
        provider="anthropic"
        usage={usage({ windows, stale: true, fetchedAt: iso(-12 * 60_000), error: 'usage endpoint unreachable' })}
      />,
    );
    expect(screen.getByText('stale')).toBeTruthy();
    expect(screen.getByText('· 12m ago', { exact: false })).toBeTruthy();
    expect(screen.getByText('usage endpoint unreachable')).toBeTruthy();
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.getByText('· 13m ago', { exact: false })).toBeTruthy();
  });

  it('shows the error alone when no window was ever fetched', () => {
    render(
      <UsageBars
        provider="anthropic"
        usage={usage({ windows: [], fetchedAt: null, error: 'rejected by server 401' })}
      />,
    );
    expect(screen.queryAllByRole('meter')).toHaveLength(0);
    expect(screen.getByText('rejected by server 401')).toBeTruthy();
  });

  it('shows credits only when the account has some', () => {
    render(
      <UsageBars
        provider="openai-codex"
        usage={usage({ windows, credits: { hasCredits: true, unlimited: false, balance: '12.50' } })}
      />,
    );
    expect(screen.getByText('Credits: 12.50')).toBeTruthy();
    cleanup();
    render(
      <UsageBars
        provider="openai-codex"
        usage={usage({ windows, credits: { hasCredits: false, unlimited: false, balance: '0' } })}
      />,
    );
    expect(screen.queryByText(/Credits/)).toBeNull();
  });

  it('renders nothing for a provider without usage', () => {
    const { container } = render(<UsageBars provider="openai" usage={null} />);
    expect(container.innerHTML).toBe('');
  });

  it('draws each named limit under its name with bars like the plan’s windows (issue 17)', () => {
    const limits = [
      { id: 'codex_sol', name: 'GPT-6 Sol', windows: [{ ...windows[0]!, usedPercent: 91, leftPercent: 9 }] },
      { id: 'empty', name: 'Nothing yet', windows: [] },
    ];
    render(<UsageBars provider="openai-codex@work" usage={usage({ windows: [windows[1]!], limits })} />);
    expect(screen.getAllByRole('meter').map((m) => m.getAttribute('aria-label'))).toEqual([
      'openai-codex@work Week window: 53% left',
      'openai-codex@work GPT-6 Sol 5h window: 9% left',
    ]);
    const group = screen.getByRole('region', { name: 'GPT-6 Sol limit' });
    expect(group.querySelector('h4')?.textContent).toBe('GPT-6 Sol');
    expect(screen.queryByText('Nothing yet')).toBeNull();
    expect(screen.getAllByRole('meter')[1]!.className).toContain('usage-low');
  });
});
