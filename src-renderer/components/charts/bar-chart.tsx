// A stacked bar chart (issue 19): the daily tokens per provider and account, and the agent's turns
// per profile. The legend names each colour; a table (for screen readers) holds every number.
import { type ReactNode } from 'react';

import { linearScale, niceMax, stackBars, tickPosition, type BarSeries } from './geometry';
import { useWidth } from './use-width';

const HEIGHT = 140;
const MARGIN = { top: 10, right: 8, bottom: 20, left: 44 };
/** Series colours (charts.css `--series-<n>`): the rest repeat. */
const PALETTE = 6;

export interface BarChartProps {
  /** The category labels along the axis, oldest first (`Mon 23`). */
  categories: string[];
  series: BarSeries[];
  /** A value as the axis and the table print it (`1.2M`). */
  format: (value: number) => string;
  /** The whole chart in words, for its text alternative. */
  description: string;
  caption: ReactNode;
  /** Extra columns of the table: a header and one cell per category (the daily cost). */
  extra?: { header: string; cells: string[] };
}

export function BarChart({ categories, series, format, description, caption, extra }: BarChartProps) {
  const [ref, width] = useWidth<HTMLDivElement>(480);
  const { segments, max } = stackBars(series, categories.length);
  const top = niceMax(max);
  const plot = width - MARGIN.left - MARGIN.right;
  const slot = categories.length > 0 ? plot / categories.length : plot;
  const barWidth = Math.max(2, Math.min(28, slot * 0.7));
  const y = linearScale([0, top], [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const labelEvery = Math.max(1, Math.ceil(46 / slot));
  const colour = new Map(series.map((s, i) => [s.key, i % PALETTE]));
  return (
    <figure className="chart chart-bars">
      <div ref={ref} className="chart-canvas">
        <svg width={width} height={HEIGHT} role="img" aria-label={description}>
          {[0, top / 2, top].map((v) => (
            <g key={v} className="chart-grid">
              <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(v)} y2={y(v)} />
              <text x={MARGIN.left - 6} y={y(v)} dy="0.32em" textAnchor="end">
                {format(v)}
              </text>
            </g>
          ))}
          {segments.map((s) => (
            <rect
              key={`${s.key}|${s.category}`}
              className={`chart-bar series-${colour.get(s.key) ?? 0}`}
              x={MARGIN.left + slot * s.category + (slot - barWidth) / 2}
              width={barWidth}
              y={y(s.to)}
              height={Math.max(0, y(s.from) - y(s.to))}
            />
          ))}
          {categories.map((label, i) =>
            // The newest category is always labelled; the others as room allows.
            (categories.length - 1 - i) % labelEvery === 0 ? (
              <text
                key={i}
                className="chart-tick"
                {...tickPosition(MARGIN.left + slot * (i + 0.5), width)}
                y={HEIGHT - 5}
              >
                {label}
              </text>
            ) : null,
          )}
        </svg>
      </div>
      <figcaption className="chart-caption">{caption}</figcaption>
      {series.length > 0 ? (
        <ul className="chart-legend">
          {series.map((s) => (
            <li key={s.key}>
              <span className={`chart-swatch series-${colour.get(s.key) ?? 0}`} aria-hidden="true" />
              {s.label}
            </li>
          ))}
        </ul>
      ) : null}
      <table className="visually-hidden">
        <thead>
          <tr>
            <th scope="col">Day</th>
            {series.map((s) => (
              <th key={s.key} scope="col">
                {s.label}
              </th>
            ))}
            {extra ? <th scope="col">{extra.header}</th> : null}
          </tr>
        </thead>
        <tbody>
          {categories.map((label, i) => (
            <tr key={i}>
              <th scope="row">{label}</th>
              {series.map((s) => (
                <td key={s.key}>{format(s.values[i] ?? 0)}</td>
              ))}
              {extra ? <td>{extra.cells[i]}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
