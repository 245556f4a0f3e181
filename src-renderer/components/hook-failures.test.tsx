import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { freezeClockAt } from '../renderer.test-helper';

import { HookFailures } from './hook-failures';

const NOW = Date.parse('2026-11-30T02:00:00Z');

freezeClockAt(NOW);

describe('HookFailures', () => {
  it('lists the failed hooks newest first: event, program, when, and the one line why', () => {
    render(
      <HookFailures
        failures={[
          {
            event: 'usage.low',
            command: '/opt/hooks/page-me',
            at: new Date(NOW - 3 * 3_600_000).toISOString(),
            error: 'timed out after 10s',
          },
          {
            event: 'profile.expired',
            command: '/opt/hooks/mail',
            at: new Date(NOW - 20_000).toISOString(),
            error: 'exited with code 3: smtp refused',
          },
        ]}
      />,
    );
    const items = within(screen.getByRole('region', { name: 'Hook failures' })).getAllByRole('listitem');
    expect(items.map((item) => item.getAttribute('data-event'))).toEqual(['profile.expired', 'usage.low']);
    expect(within(items[0]!).getByText('/opt/hooks/mail')).toBeTruthy();
    expect(within(items[0]!).getByText('just now')).toBeTruthy();
    expect(within(items[0]!).getByText('exited with code 3: smtp refused')).toBeTruthy();
    expect(within(items[1]!).getByText('3h 0m ago')).toBeTruthy();
  });

  it('shows nothing while every hook runs fine', () => {
    const { container } = render(<HookFailures failures={[]} />);
    expect(container.innerHTML).toBe('');
  });
});
