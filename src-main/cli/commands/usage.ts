// `clawbar usage [--days N] [--json] [--live]` (DESIGN.md §7): tokens and API-equivalent cost per
// day and model, from the Codex and Claude Code logs and clawbar's own agent turns. The scan is
// incremental: offsets and results live in the history database, so a second run reads only what
// the CLIs appended. `--live` rescans every few seconds and prints the current 5-hour window's burn.
import { CliError } from '../errors.js';

import type { PriceTable } from '../../core/usage/cost/prices.js';
import type { LogUsageStore } from '../../core/usage/cost/types.js';
import type * as UsageReportModule from '../../core/usage/cost/usage-report.js';
import type { History } from '../../core/usage/history/history.js';
import type { Command } from 'commander';

export interface UsageOptions {
  days?: string;
  json?: boolean;
  live?: boolean;
  interval?: string;
}

const HOUR = 3_600_000;

function wholeNumber(text: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new CliError(`${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  return n;
}

export async function usage(options: UsageOptions, command?: Command): Promise<void> {
  const days = wholeNumber(options.days, '--days', 7, 1, 3650);
  const intervalS = wholeNumber(options.interval, '--interval', 5, 1, 3600);
  const [{ resolvePaths }, { loadConfig }, scan, { createMemoryLogStore }, { createPriceTable }, report] =
    await Promise.all([
      import('../../core/config/paths.js'),
      import('../../core/config/load.js'),
      import('../../core/usage/cost/log-scan.js'),
      import('../../core/usage/cost/memory-store.js'),
      import('../../core/usage/cost/prices.js'),
      import('../../core/usage/cost/usage-report.js'),
    ]);
  const globals = (command?.optsWithGlobals() ?? {}) as { config?: string };
  const paths = resolvePaths(process.env);
  const config = await loadConfig(globals.config ?? paths.config, process.env);
  const prices = createPriceTable(config.usage.prices);

  let history: History | null = null;
  let historyNote: string | null = null;
  if (config.usage.history.enabled) {
    const { createHistory } = await import('../../core/usage/history/history.js');
    try {
      history = createHistory({
        path: paths.historyDb,
        retentionDays: config.usage.history.retentionDays,
        compactDaily: false,
        // The CLI has no event loop to keep free: wait out a gateway's short write instead of failing.
        busyTimeoutMs: 5000,
      });
    } catch (error) {
      historyNote = (error as Error).message;
      process.stderr.write(`clawbar: ${historyNote} (scanning without it)\n`);
    }
  }
  const store = history?.logUsage ?? createMemoryLogStore();
  const sources = [scan.codexSource(paths.codexHome), scan.claudeSource(paths.claudeConfigDir)];
  const scanAll = async (now: number) => {
    // Lines older than the retention would be dropped at the next compaction: do not read them.
    const since = now - config.usage.history.retentionDays * 24 * HOUR;
    for (const source of sources) await scan.scanLogs(source, { store, since });
  };

  try {
    if (options.live) {
      await live({ history, store, prices, scanAll, intervalMs: intervalS * 1000, report });
      return;
    }
    const now = Date.now();
    await scanAll(now);
    const start = report.reportStart(now, days);
    const built = report.buildUsageReport({
      now,
      days,
      buckets: store.buckets(Math.floor(start / HOUR)),
      turns: history?.turns(start) ?? [],
      prices,
    });
    const out = options.json
      ? JSON.stringify(
          report.usageReportJson(built, { history: history ? paths.historyDb : null, historyUnavailable: historyNote }),
          null,
          2,
        )
      : report.formatUsageReport(built);
    process.stdout.write(`${out}\n`);
  } finally {
    history?.close();
  }
}

interface LiveDeps {
  history: History | null;
  store: LogUsageStore;
  prices: PriceTable;
  scanAll(now: number): Promise<void>;
  intervalMs: number;
  report: typeof UsageReportModule;
}

/** Rescans on an interval and prints a line whenever the current 5-hour window's tokens change. */
async function live(deps: LiveDeps): Promise<void> {
  const { windowStart, paceNotes } = await import('../../core/usage/cost/live-window.js');
  const { formatTokens, formatUsd } = deps.report;
  const { costOf } = await import('../../core/usage/cost/prices.js');
  let stop: (() => void) | undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const onSignal = () => stop!();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let previous = -1;
  let firstAt = 0;
  let firstTokens = 0;
  try {
    for (;;) {
      const now = Date.now();
      await deps.scanAll(now);
      const start = windowStart(deps.history, now);
      let tokens = 0;
      let cost = 0;
      let unpriced = false;
      for (const b of deps.store.buckets(Math.floor(start / HOUR))) {
        tokens += b.input + b.output;
        const price = deps.prices.price(b.model);
        if (price) cost += costOf(b, price);
        else unpriced = true;
      }
      if (previous < 0) {
        firstAt = now;
        firstTokens = tokens;
      }
      if (tokens !== previous) {
        const minutes = (now - firstAt) / 60_000;
        const burn = minutes >= 1 ? ` · ${formatTokens(Math.round((tokens - firstTokens) / minutes))} tokens/min` : '';
        const clock = new Date(now).toTimeString().slice(0, 8);
        const since = new Date(start).toTimeString().slice(0, 5);
        const notes = paceNotes(deps.history, now);
        process.stdout.write(
          `${clock}  5h window since ${since}: ${formatTokens(tokens)} tokens ${formatUsd(cost)}${unpriced ? '+' : ''}${burn}${notes ? ` · ${notes}` : ''}\n`,
        );
        previous = tokens;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const next = new Promise<'tick'>((resolve) => (timer = setTimeout(() => resolve('tick'), deps.intervalMs)));
      if ((await Promise.race([next, stopped.then(() => 'stop' as const)])) === 'stop') {
        // Ctrl-C exits at once, not when the pending rescan would have run.
        clearTimeout(timer);
        return;
      }
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
