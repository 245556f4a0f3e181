// A manual clock for the usage poller tests (the UsageTimers seam), so a poll schedule is asserted
// without waiting.
import type { UsageTimers } from './types.js';

interface Pending {
  id: number;
  at: number;
  callback: () => void;
}

/** A manual clock for the poller: time moves only on `advance()`, which runs the timers that fall due. */
export class FakeTimers implements UsageTimers {
  private pending: Pending[] = [];
  private nextId = 1;

  constructor(private time: number) {}

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.push({ id, at: this.time + Math.max(0, ms), callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((timer) => timer.id !== handle);
  }

  /** When the earliest pending timer fires, or null when none is pending. */
  nextAt(): number | null {
    return this.pending.reduce<number | null>((min, timer) => (min === null || timer.at < min ? timer.at : min), null);
  }

  count(): number {
    return this.pending.length;
  }

  /** Moves time forward by `ms`, running due timers in order at their own time. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.pending.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.pending = this.pending.filter((timer) => timer !== due);
      this.time = due.at;
      due.callback();
    }
    this.time = end;
  }
}
