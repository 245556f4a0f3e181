// Renderer test support: a frozen clock, and the wire-shaped view builders every side's tests share.
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';

export { profileView, settingsView, snapshot, usage } from '../test/fixtures/views';

/**
 * Every test in the file starts with fake timers and the clock at `now`; afterwards the rendered
 * tree is unmounted and real timers are back.
 */
export function freezeClockAt(now: number): void {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(now);
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });
}
