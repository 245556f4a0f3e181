// One usage window over time (issue 19): used % as a line, resets marked, and the pace projection
// dashed to where it runs out or to the reset. The text alternative says the same in words.
import { formatPace } from '../../../src-shared/pace-text';
import { type WindowHistoryView } from '../../../src-shared/protocol/index';

import { linearScale, linePath, tickPosition, timeTicks } from './geometry';
import { useWidth } from './use-width';

const HEIGHT = 140;
const MARGIN = { top: 10, right: 10, bottom: 20, left: 36 };
/** A longer silence between samples is a gateway that was not running: the line breaks there. */
export const MAX_GAP_MS = 2 * 3_600_000;
const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

const timeOf = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/** Where the dashed projection ends, `[time, used %]`, or null when the pace draws none. */
export function projectionEnd(history: WindowHistoryView): [number, number] | null {
  const pace = history.pace;
  if (pace?.kind === 'runs-out') {
    const at = timeOf(pace.runOutAt);
    return at === null || Number.isNaN(at) ? null : [at, 100];
  }
  if (pace?.kind === 'lasts') {
    const at = timeOf(pace.resetAt);
    return at === null || Number.isNaN(at) ? null : [at, Math.min(100, pace.projectedPercent)];
  }
  return null;
}

/** The chart in words: where it stands, its peak, its resets and its pace. */
export function describeWindow(history: WindowHistoryView, name: string, days: number, now: number): string {
  const last = history.points.at(-1);
  if (!last) return `${name} window: nothing recorded in the last ${days} days.`;
  const peak = Math.max(...history.points.map(([, v]) => v));
  const parts = [`${name} window over the last ${days} days: now ${Math.round(last[1])}% used`];
  if (peak > last[1]) parts.push(`highest ${Math.round(peak)}%`);
  const resets = history.resets.length;
  if (resets > 0) parts.push(`${resets} ${resets === 1 ? 'reset' : 'resets'}`);
  const pace = history.pace ? formatPace(history.pace, now) : null;
  return `${parts.join('; ')}.${pace ? ` At this pace it ${pace}.` : ''}`;
}

export interface WindowChartProps {
  history: WindowHistoryView;
  /** `Codex 5h`: the provider's short name and the window's label. */
  name: string;
  since: number;
  now: number;
  days: number;
}

export function WindowChart({ history, name, since, now, days }: WindowChartProps) {
  const [ref, width] = useWidth<HTMLDivElement>(480);
  const projection = projectionEnd(history);
  const resetAt = history.resetAt;
  // The time axis runs to the reset when the pace projects there, never more than a week ahead.
  const future = Math.max(projection?.[0] ?? now, resetAt !== null && projection ? resetAt : now);
  const end = Math.min(Math.max(now, future), now + WEEK_MS);
  // A young history starts where its samples do, so a few hours are not squeezed into a week.
  const first = history.points.find(([t]) => t >= since)?.[0] ?? since;
  const start = Math.max(since, Math.min(first, now - HOUR_MS));
  const x = linearScale([start, end], [MARGIN.left, width - MARGIN.right]);
  const y = linearScale([0, 100], [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const points = history.points.filter(([t]) => t >= since);
  const line = linePath(points, x, y, MAX_GAP_MS);
  const last = points.at(-1);
  const ticks = timeTicks(start, end, Math.floor((width - MARGIN.left - MARGIN.right) / 44));
  const description = describeWindow(history, name, days, now);
  const pace = history.pace ? formatPace(history.pace, now) : null;
  const clampX = (t: number) => x(Math.min(end, Math.max(start, t)));
  return (
    <figure className="chart chart-window" data-window={`${history.provider}|${history.label}`}>
      <div ref={ref} className="chart-canvas">
        <svg width={width} height={HEIGHT} role="img" aria-label={description}>
          {[0, 50, 100].map((v) => (
            <g key={v} className="chart-grid">
              <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(v)} y2={y(v)} />
              <text x={MARGIN.left - 6} y={y(v)} dy="0.32em" textAnchor="end">
                {v}%
              </text>
            </g>
          ))}
          {ticks.map((tick) => (
            <text key={tick.at} className="chart-tick" {...tickPosition(x(tick.at), width)} y={HEIGHT - 5}>
              {tick.label}
            </text>
          ))}
          {end > now ? <line className="chart-now" x1={x(now)} x2={x(now)} y1={MARGIN.top} y2={y(0)} /> : null}
          {history.resets.map((reset) => (
            <line
              key={reset.at}
              className="chart-reset"
              x1={clampX(reset.at)}
              x2={clampX(reset.at)}
              y1={MARGIN.top}
              y2={y(0)}
            />
          ))}
          {resetAt !== null && resetAt > now && resetAt <= end ? (
            <line className="chart-reset chart-reset-next" x1={x(resetAt)} x2={x(resetAt)} y1={MARGIN.top} y2={y(0)} />
          ) : null}
          <path className="chart-line" d={line} />
          {last && projection ? (
            <line
              className={`chart-pace chart-pace-${history.pace?.kind ?? 'none'}`}
              x1={x(last[0])}
              y1={y(last[1])}
              x2={clampX(projection[0])}
              y2={y(projection[1])}
            />
          ) : null}
          {last ? <circle className="chart-dot" cx={x(last[0])} cy={y(last[1])} r={3} /> : null}
        </svg>
      </div>
      <figcaption className="chart-caption">
        <span className="chart-title">{name}</span>
        {last ? <span> · {Math.round(last[1])}% used</span> : null}
        {pace ? <span className={`chart-pace-text chart-pace-text-${history.pace?.kind}`}> · {pace}</span> : null}
      </figcaption>
    </figure>
  );
}
