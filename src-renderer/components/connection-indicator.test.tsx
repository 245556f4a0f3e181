import { act, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { type ConnectionState } from '../../src-shared/gateway-state';
import { freezeClockAt } from '../renderer.test-helper';

import { ConnectionIndicator } from './connection-indicator';

const NOW = Date.parse('2026-11-25T12:00:00Z');

freezeClockAt(NOW);

const state = (overrides: Partial<ConnectionState>): ConnectionState => ({
  phase: 'connected',
  attempt: 0,
  retryAt: null,
  error: null,
  connectedAt: NOW,
  ...overrides,
});

describe('ConnectionIndicator', () => {
  it('says the gateway is down, counts down to the next attempt and can retry now', () => {
    const onRetry = vi.fn();
    render(
      <ConnectionIndicator
        connection={state({ phase: 'disconnected', attempt: 3, retryAt: NOW + 4000 })}
        onRetry={onRetry}
      />,
    );
    const status = screen.getByRole('status');
    expect(status.textContent).toContain('Gateway down — retrying in 4s');
    expect(status.textContent).toContain('reconnecting automatically');
    act(() => vi.advanceTimersByTime(2000));
    expect(status.textContent).toContain('retrying in 2s');
    fireEvent.click(screen.getByRole('button', { name: 'Retry now' }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it('names every phase in words', () => {
    for (const [phase, text] of [
      ['connected', 'Connected'],
      ['connecting', 'Connecting…'],
      ['unauthorized', 'Token rejected'],
      ['no-token', 'No token'],
    ] as const) {
      const { unmount } = render(<ConnectionIndicator connection={state({ phase })} onRetry={() => undefined} />);
      expect(screen.getByRole('status').textContent).toBe(text);
      unmount();
    }
  });
});
