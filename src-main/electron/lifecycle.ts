// App lifetime: a clean quit that closes the gateway (its login children die with it) before the
// process exits, bounded so a stuck step can never keep a zombie menu-bar app alive.
import { errorMessage } from '../../src-shared/error-message.js';
import { createLogger } from '../core/log/logger.js';

import type { App } from 'electron';

const log = createLogger('electron');

/** Runs `steps` in order, each bounded by what is left of `timeoutMs`; failures are logged, not thrown. */
export async function runShutdownSteps(steps: Array<() => unknown>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (const step of steps) {
    const left = deadline - Date.now();
    if (left <= 0) {
      log.warn('shutdown took too long; quitting anyway');
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = Symbol('timed out');
    try {
      const outcome = await Promise.race([
        Promise.resolve().then(step),
        new Promise((resolve) => {
          timer = setTimeout(() => resolve(timedOut), left);
        }),
      ]);
      // The budget is spent, whatever the clock says: a timer may fire a millisecond before
      // Date.now() reaches the deadline, and the next step must not run then.
      if (outcome === timedOut) {
        log.warn('shutdown took too long; quitting anyway');
        return;
      }
    } catch (error) {
      log.warn(`shutdown step failed: ${errorMessage(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * On the first quit request, holds the quit, runs `steps` (feed, windows, tray, gateway), then
 * quits for real. Further requests while cleaning up are absorbed.
 */
export function setupQuit(app: Pick<App, 'on' | 'quit'>, steps: Array<() => unknown>, timeoutMs = 5000): void {
  let phase: 'running' | 'cleaning' | 'done' = 'running';
  app.on('before-quit', (event) => {
    if (phase === 'done') return;
    event.preventDefault();
    if (phase === 'cleaning') return;
    phase = 'cleaning';
    void runShutdownSteps(steps, timeoutMs).finally(() => {
      phase = 'done';
      app.quit();
    });
  });
}
