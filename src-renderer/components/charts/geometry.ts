// The arithmetic of the history charts (issue 19), apart from React so it is tested on its own:
// linear scales, a line path that breaks where the gateway was not running, day ticks at local
// midnights, and stacked bars. The charts are small hand-drawn SVG rather than a charting
// library: four chart shapes, no interaction beyond reading, and a few kilobytes instead of the
// 50–100 KB gzip a library adds to a 200 KB budget.

export type Scale = (value: number) => number;

/** Maps `domain` linearly onto `range`; a domain of zero width maps everything to the range start. */
export function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): Scale {
  const span = d1 - d0;
  return span === 0 ? () => r0 : (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

const fixed = (n: number) => Math.round(n * 10) / 10;

/**
 * An SVG path through `points` (`[time, value]`, oldest first). A gap longer than `maxGapMs`
 * starts a new piece: the gateway was not running, and a straight line would invent a history.
 */
export function linePath(points: ReadonlyArray<readonly [number, number]>, x: Scale, y: Scale, maxGapMs: number) {
  let d = '';
  let previous: number | null = null;
  for (const [t, v] of points) {
    const command = previous === null || t - previous > maxGapMs ? 'M' : 'L';
    d += `${command}${fixed(x(t))},${fixed(y(v))}`;
    previous = t;
  }
  return d;
}

/** Local midnights strictly after `start` and up to `end`, at most `max` of them (evenly thinned). */
export function dayTicks(start: number, end: number, max: number): number[] {
  const ticks: number[] = [];
  const day = new Date(start);
  day.setHours(0, 0, 0, 0);
  for (day.setDate(day.getDate() + 1); day.getTime() <= end; day.setDate(day.getDate() + 1)) ticks.push(day.getTime());
  if (ticks.length <= max || max <= 0) return ticks;
  const step = Math.ceil(ticks.length / max);
  return ticks.filter((_, i) => i % step === 0);
}

const HOUR_MS = 3_600_000;

/**
 * Ticks for a time axis: local midnights (`Mon`) over more than two days, else whole hours
 * (`14:00`) 1, 2, 3, 6 or 12 hours apart, as many as `max` allows.
 */
export function timeTicks(start: number, end: number, max: number): Array<{ at: number; label: string }> {
  if (end - start > 2 * 24 * HOUR_MS) {
    return dayTicks(start, end, max).map((at) => ({
      at,
      label: new Date(at).toLocaleDateString(undefined, { weekday: 'short' }),
    }));
  }
  const step = [1, 2, 3, 6, 12].find((h) => (end - start) / (h * HOUR_MS) <= max) ?? 24;
  const ticks: Array<{ at: number; label: string }> = [];
  const t = new Date(start);
  t.setMinutes(0, 0, 0);
  for (t.setHours(t.getHours() + 1); t.getTime() <= end; t.setHours(t.getHours() + 1)) {
    if (t.getHours() % step === 0)
      ticks.push({ at: t.getTime(), label: `${String(t.getHours()).padStart(2, '0')}:00` });
  }
  return ticks;
}

/** An axis label centred on `x`, or pushed inside the chart's edges when it would be cut off there. */
export function tickPosition(
  x: number,
  width: number,
  halfLabel = 22,
): { x: number; textAnchor: 'start' | 'middle' | 'end' } {
  if (x + halfLabel > width) return { x: width - 1, textAnchor: 'end' };
  if (x - halfLabel < 0) return { x: 1, textAnchor: 'start' };
  return { x, textAnchor: 'middle' };
}

/** A series of a stacked bar chart: one value per category. */
export interface BarSeries {
  key: string;
  label: string;
  values: number[];
}

/** One drawn segment of a stacked bar. */
export interface BarSegment {
  key: string;
  category: number;
  /** The value at the segment's bottom and top. */
  from: number;
  to: number;
}

/** Stacks `series` per category, in series order from the bottom; zero values draw nothing. */
export function stackBars(series: readonly BarSeries[], categories: number): { segments: BarSegment[]; max: number } {
  const segments: BarSegment[] = [];
  let max = 0;
  for (let category = 0; category < categories; category++) {
    let top = 0;
    for (const s of series) {
      const value = s.values[category] ?? 0;
      if (!(value > 0)) continue;
      segments.push({ key: s.key, category, from: top, to: top + value });
      top += value;
    }
    max = Math.max(max, top);
  }
  return { segments, max };
}

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least `value`. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value)!;
  return step * power;
}
