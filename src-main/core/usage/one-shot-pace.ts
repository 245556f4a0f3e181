// Pace for a one-shot reader (`clawbar models status`): records the readings it just fetched in
// the usage history, like the gateway does, and gives each window its pace from what is there.
// The history is a bonus here: if it cannot be opened (locked, refused, no binding), the readings
// come back as they were and the command goes on.
import { errorMessage } from '../../../src-shared/error-message.js';
import { createLogger } from '../log/logger.js';

import { createHistory } from './history/history.js';
import { createPaceTracker } from './pace-tracker.js';

import type { ProviderUsage } from './types.js';

/** `usage` per provider with each window's pace; as given when the history cannot be used. */
export function withRecordedPace(
  historyDb: string,
  usage: Map<string, ProviderUsage>,
  now: number = Date.now(),
): Map<string, ProviderUsage> {
  if (usage.size === 0) return usage;
  let history;
  try {
    // A gateway's flush holds the lock for milliseconds: wait that out rather than lose the sample.
    history = createHistory({ path: historyDb, compactDaily: false, busyTimeoutMs: 1000 });
  } catch (error) {
    createLogger('history').debug(`no pace: ${errorMessage(error)}`);
    return usage;
  }
  try {
    const tracker = createPaceTracker(history);
    const out = new Map<string, ProviderUsage>();
    for (const [provider, reading] of usage) {
      tracker.record(provider, reading);
      out.set(provider, tracker.withPace(provider, reading, now));
    }
    return out;
  } catch (error) {
    createLogger('history').debug(`no pace: ${errorMessage(error)}`);
    return usage;
  } finally {
    try {
      history.close();
    } catch {
      // A write that keeps failing is the history's loss, not the command's.
    }
  }
}
