import { EventEmitter } from 'node:events';

import { describe, expect, it, vi } from 'vitest';

import { runShutdownSteps, setupQuit } from './lifecycle.js';

function fakeApp() {
  const app = Object.assign(new EventEmitter(), { quits: 0, quit: () => undefined as void });
  app.quit = () => {
    app.quits++;
    // Electron emits before-quit again when quit() is called.
    const event = { prevented: false, preventDefault: () => (event.prevented = true) };
    app.emit('before-quit', event);
  };
  return app;
}

describe('setupQuit', () => {
  it('holds the first quit, runs every step in order, then quits for real once', async () => {
    const app = fakeApp();
    const done: string[] = [];
    setupQuit(app as never, [
      () => done.push('feed'),
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        done.push('gateway');
      },
    ]);
    const first = { prevented: false, preventDefault: () => (first.prevented = true) };
    app.emit('before-quit', first);
    expect(first.prevented).toBe(true);
    const again = { prevented: false, preventDefault: () => (again.prevented = true) };
    app.emit('before-quit', again); // a second Cmd-Q while cleaning up
    expect(again.prevented).toBe(true);
    for (let i = 0; i < 200 && app.quits === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(done).toEqual(['feed', 'gateway']);
    expect(app.quits).toBe(1);
  });
});

describe('runShutdownSteps', () => {
  it('keeps going after a failing step and stops waiting for a hung one', async () => {
    const done: string[] = [];
    await runShutdownSteps(
      [
        () => {
          throw new Error('boom');
        },
        () => done.push('after failure'),
        () => new Promise(() => undefined), // never settles
        () => done.push('never reached'),
      ],
      200,
    );
    expect(done).toEqual(['after failure']);
  });

  it('runs nothing after a step that used up the budget, even when the clock lags the timer', async () => {
    // A timer can fire a moment before Date.now() reaches the deadline; a frozen clock is the extreme case.
    const clock = vi.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      const done: string[] = [];
      await runShutdownSteps([() => new Promise(() => undefined), () => done.push('after the hung step')], 50);
      expect(done).toEqual([]);
    } finally {
      clock.mockRestore();
    }
  });
});
