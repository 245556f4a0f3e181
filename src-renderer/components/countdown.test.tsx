import { act, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import { freezeClockAt } from '../renderer.test-helper';

import { Countdown } from './countdown';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const S = 1000;
const M = 60 * S;
const H = 60 * M;

freezeClockAt(NOW);

const advance = (ms: number) => act(() => vi.advanceTimersByTime(ms));

describe('Countdown', () => {
  it('updates once a minute while more than an hour is left', () => {
    render(<Countdown target={NOW + 9 * 24 * H + 23 * H + 59 * M + 30 * S} />);
    expect(screen.getByText('expires in 9d 23h')).toBeTruthy();
    advance(2 * H);
    expect(screen.getByText('expires in 9d 21h')).toBeTruthy();
  });

  it('changes its minute exactly when the minute passes', () => {
    render(<Countdown target={NOW + 3 * H + 5 * M + 30 * S} />);
    expect(screen.getByText('expires in 3h 5m')).toBeTruthy();
    advance(30 * S - 1);
    expect(screen.getByText('expires in 3h 5m')).toBeTruthy();
    advance(2);
    expect(screen.getByText('expires in 3h 4m')).toBeTruthy();
  });

  it('ticks every second in the last hour', () => {
    render(<Countdown target={NOW + H + 2 * S} />);
    expect(screen.getByText('expires in 1h 0m')).toBeTruthy();
    advance(3 * S);
    expect(screen.getByText('expires in 59m 59s')).toBeTruthy();
    advance(S);
    expect(screen.getByText('expires in 59m 58s')).toBeTruthy();
    advance(59 * M + 57 * S);
    expect(screen.getByText('expires in 1s')).toBeTruthy();
  });

  it('turns into "expired … ago" when the time is up', () => {
    render(<Countdown target={NOW + 2 * S} />);
    advance(3 * S);
    expect(screen.getByText('expired 0m ago')).toBeTruthy();
    advance(5 * M);
    expect(screen.getByText('expired 5m ago')).toBeTruthy();
  });

  it('shows only the remaining time as a reset countdown, with a machine-readable date', () => {
    const target = NOW + 4 * H + 59 * M + 10 * S;
    render(<Countdown target={target} kind="reset" />);
    const time = screen.getByText('4h 59m');
    expect(time.tagName).toBe('TIME');
    expect(time.getAttribute('datetime')).toBe(new Date(target).toISOString());
  });

  it('stops its timer when unmounted', () => {
    const { unmount } = render(<Countdown target={NOW + 10 * M} />);
    expect(vi.getTimerCount()).toBe(1);
    unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});
