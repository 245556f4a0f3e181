// The usage history as a capability of the runtime (issue 19): opens $CLAWBAR_HOME/state/history.db
// at start (when config `usage.history.enabled`), closes it on stop. The usage poller records each
// reading through its pace tracker and the agent each turn; the chart methods (`usage.history`,
// `usage.daily`, `usage.turns`) read it back. Recording only queues (history.ts), so the gateway
// pays nothing measurable for it (bench/history-gateway.bench.mjs). If the file cannot be opened
// this capability alone is UNAVAILABLE: usage, pace aside, and the agent go on without it.
import { errorMessage } from '../../../src-shared/error-message.js';
import { createLogger } from '../log/logger.js';
import { buildDailyUsage } from '../usage/cost/daily-usage.js';
import { claudeSource, codexSource, scanLogs } from '../usage/cost/log-scan.js';
import { createPriceTable } from '../usage/cost/prices.js';
import { reportStart } from '../usage/cost/usage-report.js';
import { createHistory, type History } from '../usage/history/history.js';
import { buildTurnSeries } from '../usage/history/turn-series.js';
import { windowHistories } from '../usage/history/window-series.js';
import { createPaceTracker, type PaceTracker } from '../usage/pace-tracker.js';

import type { AgentTurn } from '../usage/history/types.js';
import type { Running } from './capabilities.js';
import type { RuntimeDeps } from './deps.js';
import type { HistoryService } from './services.js';

const DAY_MS = 86_400_000;
/** The CLIs' logs are scanned when the daily chart asks, at most this often. */
const LOG_SCAN_EVERY_MS = 60_000;
/** How long stopping waits for a log scan in progress before closing the database under it. */
const STOP_WAIT_MS = 2000;

export interface UsageHistory {
  /** Records each usage reading and answers each window's pace (the usage capability's). */
  pace: PaceTracker;
  /** Records one agent turn (the agent capability's); false when the turn is absurd. */
  recordTurn(turn: AgentTurn): boolean;
  /** What the chart methods call. */
  service: HistoryService;
}

export type HistoryDeps = Pick<RuntimeDeps, 'paths' | 'config'> & { now?: () => number };

export function startHistory({ paths, config, now = Date.now }: HistoryDeps): Running<UsageHistory> {
  const log = createLogger('history');
  const history: History = createHistory({
    path: paths.historyDb,
    retentionDays: config.current().usage.history.retentionDays,
    now,
  });
  const pace = createPaceTracker(history);
  const sources = [codexSource(paths.codexHome), claudeSource(paths.claudeConfigDir)];

  let scanning: Promise<void> | null = null;
  let lastScanAt = Number.NEGATIVE_INFINITY;
  /** Reads what the CLIs appended to their logs since the last scan (incremental: offsets are in the database). */
  const scanLogsNow = (): Promise<void> => {
    if (scanning) return scanning;
    if (now() - lastScanAt < LOG_SCAN_EVERY_MS) return Promise.resolve();
    const since = now() - config.current().usage.history.retentionDays * DAY_MS;
    scanning = (async () => {
      for (const source of sources) await scanLogs(source, { store: history.logUsage, since });
    })()
      .catch((error: unknown) => log.warn(`scanning the CLIs' logs failed: ${errorMessage(error)}`))
      .finally(() => {
        lastScanAt = now();
        scanning = null;
      });
    return scanning;
  };

  const service: HistoryService = {
    windows: (days) => {
      const at = now();
      return {
        since: at - days * DAY_MS,
        now: at,
        windows: windowHistories(history, { now: at, days, paceOf: pace.paceOf }),
      };
    },
    daily: async (days) => {
      await scanLogsNow();
      const at = now();
      const since = reportStart(at, days);
      return buildDailyUsage({
        now: at,
        days,
        buckets: history.logUsage.buckets(Math.floor(since / 3_600_000)),
        turns: history.turns(since),
        prices: createPriceTable(config.current().usage.prices),
      });
    },
    turns: (days, bucket) => {
      const at = now();
      const since = bucket === 'hour' ? at - days * DAY_MS : reportStart(at, days);
      return buildTurnSeries(history.turns(since), { now: at, days, bucket });
    },
  };

  return {
    service: { pace, recordTurn: (turn) => history.recordTurn(turn), service },
    stop: async () => {
      if (scanning) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([scanning, new Promise((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)))]);
        clearTimeout(timer);
      }
      history.close();
    },
  };
}
