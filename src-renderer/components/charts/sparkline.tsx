// The popover row's sparkline (issue 19): a window's used % over the last day, in 64 × 18 pixels,
// with its text alternative. The popover fetches one day of history and hands it to its rows.
import { createContext, useContext, type ReactNode } from 'react';

import { linearScale, linePath } from './geometry';
import { useGatewayQuery } from './use-history';
import './charts.css';
import { MAX_GAP_MS } from './window-chart';

const WIDTH = 64;
const HEIGHT = 18;

export interface SparklineProps {
  points: ReadonlyArray<readonly [number, number]>;
  since: number;
  now: number;
  /** `Codex 5h`, for the text alternative. */
  name: string;
}

export function Sparkline({ points, since, now, name }: SparklineProps) {
  const shown = points.filter(([t]) => t >= since && t <= now);
  if (shown.length < 2) return null;
  const x = linearScale([since, now], [1, WIDTH - 3]);
  const y = linearScale([0, 100], [HEIGHT - 2, 2]);
  const [, first] = shown[0]!;
  const [lastAt, last] = shown.at(-1)!;
  const hours = Math.round((now - since) / 3_600_000);
  return (
    <svg
      className="usage-spark"
      width={WIDTH}
      height={HEIGHT}
      role="img"
      aria-label={`${name} used over the last ${hours} h: from ${Math.round(first)}% to ${Math.round(last)}%`}
    >
      <path className="chart-line" d={linePath(shown, x, y, MAX_GAP_MS)} />
      <circle className="chart-dot" cx={x(lastAt)} cy={y(last)} r={2} />
    </svg>
  );
}

/** The last day of each plan window (`provider|label`), for the rows that draw a sparkline. */
export interface SparklineData {
  since: number;
  now: number;
  points: Map<string, ReadonlyArray<readonly [number, number]>>;
}

/** Provided by the popover; without it (the dashboard, tests) the rows draw no sparkline. */
export const SparklineContext = createContext<SparklineData | null>(null);

export const sparklineKey = (provider: string, label: string) => `${provider}|${label}`;

/** The popover's sparkline data: `usage.history` for one day, fetched again with each reading. */
export function useSparklineData(): SparklineData | null {
  const loaded = useGatewayQuery('usage.history', { days: 1 });
  if (loaded.state !== 'ready') return null;
  const points = new Map<string, ReadonlyArray<readonly [number, number]>>();
  // The plan's own windows of the default account: the rows the popover shows.
  for (const w of loaded.data.windows) {
    if (w.account === '' && w.limit === '') points.set(sparklineKey(w.provider, w.label), w.points);
  }
  return { since: loaded.data.since, now: loaded.data.now, points };
}

/** What one usage row's sparkline draws, or null when there is no history for it. */
export function useRowSparkline(provider: string, label: string): Omit<SparklineProps, 'name'> | null {
  const data = useContext(SparklineContext);
  const points = data?.points.get(sparklineKey(provider, label));
  const recent = points?.filter(([t]) => t >= data!.since && t <= data!.now);
  if (!data || !recent || recent.length < 2) return null;
  return { points: recent, since: data.since, now: data.now };
}

/** Gives the usage rows inside it their sparklines (the popover). */
export function PopoverSparklines({ children }: { children: ReactNode }) {
  return <SparklineContext.Provider value={useSparklineData()}>{children}</SparklineContext.Provider>;
}
