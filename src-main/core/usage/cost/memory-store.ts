// A LogUsageStore in memory: for a one-off scan where the history database cannot be opened, and
// for tests and benches that look at scanning alone.
import { addToBucket, type LogFileState, type LogSource, type LogUsageStore, type UsageBucket } from './types.js';

export function createMemoryLogStore(): LogUsageStore {
  const files = new Map<string, { state: LogFileState; buckets: Map<string, UsageBucket> }>();
  const id = (source: LogSource, key: string) => `${source}\u0000${key}`;
  return {
    fileStates(source) {
      const states = new Map<string, LogFileState>();
      for (const [fileId, { state }] of files) {
        const [fileSource, key] = fileId.split('\u0000') as [LogSource, string];
        if (fileSource === source) states.set(key, structuredClone(state));
      }
      return states;
    },
    commit(source, key, previous, next, buckets, reset) {
      const current = files.get(id(source, key));
      if (JSON.stringify(current?.state ?? null) !== JSON.stringify(previous)) return false;
      const held = reset || !current ? new Map<string, UsageBucket>() : current.buckets;
      for (const b of buckets) {
        addToBucket(held, `${b.hour}\u0000${b.model}`, { hour: b.hour, model: b.model }, b);
      }
      files.set(id(source, key), { state: structuredClone(next), buckets: held });
      return true;
    },
    buckets(sinceHour) {
      const merged = new Map<string, UsageBucket & { source: LogSource }>();
      for (const [fileId, { buckets }] of files) {
        const source = fileId.split('\u0000')[0] as LogSource;
        for (const b of buckets.values()) {
          if (b.hour < sinceHour) continue;
          addToBucket(merged, `${source}\u0000${b.hour}\u0000${b.model}`, { source, hour: b.hour, model: b.model }, b);
        }
      }
      return [...merged.values()].sort(
        (a, b) => a.hour - b.hour || a.source.localeCompare(b.source) || a.model.localeCompare(b.model),
      );
    },
  };
}
