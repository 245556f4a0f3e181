// Starting capabilities: a failure is retried until the capability runs, a capability that needs
// another starts once that one runs, and stopping ends everything in reverse order.
import { describe, expect, it } from 'vitest';

import { createCapabilities, type Capability } from './capabilities.js';

import type { Logger } from '../log/logger.js';

function recordingLogger(lines: string[]): Logger {
  const logger: Logger = {
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
    debug: () => undefined,
    child: () => logger,
  };
  return logger;
}

const running = <T>(capability: Capability<T>) =>
  new Promise<T>((resolve) => capability.whenRunning((service) => resolve(service)));

describe('capabilities', () => {
  it('retries a capability that failed until it runs, logging each reason once', async () => {
    const lines: string[] = [];
    const capabilities = createCapabilities({ logger: recordingLogger(lines), firstRetryMs: 10, maxRetryMs: 20 });
    let attempts = 0;
    const engine = await capabilities.start('auth engine', () => {
      attempts += 1;
      if (attempts < 4) throw new Error('auth.json: token expiry is not a plausible time');
      return { service: 'engine' };
    });
    expect(engine.get()).toBeNull();
    expect(await running(engine)).toBe('engine');
    expect(attempts).toBe(4);
    expect(lines).toEqual([
      'warn auth engine did not start: auth.json: token expiry is not a plausible time',
      'info auth engine started',
    ]);
    await capabilities.stopAll();
  });

  it('starts a dependent capability once the one it needs runs, and not before', async () => {
    const capabilities = createCapabilities({ logger: recordingLogger([]), firstRetryMs: 60_000 });
    let broken = true;
    const auth = await capabilities.start('auth engine', () => {
      if (broken) throw new Error('broken');
      return { service: { profiles: 2 } };
    });
    const usage = await capabilities.after(auth, 'usage poller', (engine) => ({
      service: `polling ${engine.profiles}`,
    }));
    expect(usage.get()).toBeNull();
    // The cause goes away and something says so (the runtime calls this on every config change).
    broken = false;
    capabilities.retryFailed();
    expect(await running(usage)).toBe('polling 2');
    await capabilities.stopAll();
  });

  it('starts a dependent at once when what it needs already runs', async () => {
    const capabilities = createCapabilities({ logger: recordingLogger([]) });
    const auth = await capabilities.start('auth engine', () => ({ service: 'engine' }));
    const usage = await capabilities.after(auth, 'usage poller', (engine) => ({ service: `${engine}+poller` }));
    expect(usage.get()).toBe('engine+poller');
    await capabilities.stopAll();
  });

  it('stops running capabilities in reverse order and tries nothing after stopping', async () => {
    const capabilities = createCapabilities({ logger: recordingLogger([]), firstRetryMs: 10 });
    const stopped: string[] = [];
    await capabilities.start('first', () => ({ service: 1, stop: () => stopped.push('first') }));
    await capabilities.start('second', () => ({ service: 2, stop: () => stopped.push('second') }));
    let attempts = 0;
    await capabilities.start('failing', () => {
      attempts += 1;
      throw new Error('no');
    });
    await capabilities.stopAll();
    const after = attempts;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toEqual(['second', 'first']);
    expect(attempts).toBe(after);
  });
});
