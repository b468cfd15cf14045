// The arithmetic of the Server screen's charts, kept out of the components so
// it is tested on its own: where each point goes, and how figures read.

export interface ChartPoint {
  /** Milliseconds since the epoch. */
  t: number;
  v: number;
}

export interface ChartGeometry {
  /** SVG path data ("M x y L x y …"), empty without points. */
  path: string;
  /** The value of the top of the plot (the largest value, rounded up to a readable step). */
  top: number;
}

/** 1, 2 or 5 times a power of ten, at least `value`: a scale a reader takes in at a glance. */
export function niceCeiling(value: number): number {
  if (!(value > 0) || !Number.isFinite(value)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

/**
 * Points of one series inside a `width` × `height` box: time runs from
 * `from` to `to` left to right, values from 0 (bottom) to `top`.
 */
export function linePath(
  points: ChartPoint[],
  { width, height, from, to, top }: { width: number; height: number; from: number; to: number; top: number },
): string {
  const span = Math.max(1, to - from);
  const scale = top > 0 ? top : 1;
  return points
    .map((p, i) => {
      const x = ((p.t - from) / span) * width;
      const y = height - (Math.min(Math.max(p.v, 0), scale) / scale) * height;
      return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`;
    })
    .join(' ');
}

export function geometry(
  series: ChartPoint[][],
  box: { width: number; height: number; from: number; to: number },
): { paths: string[]; top: number } {
  const largest = Math.max(0, ...series.flat().map((p) => p.v));
  const top = niceCeiling(largest);
  return { paths: series.map((points) => linePath(points, { ...box, top })), top };
}

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** 1536 → "1.5 KB" (powers of 1024, as disks and `ls -h` count). */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${BYTE_UNITS[unit]}`;
}

/** A rate or a count: 0.25 → "0.25", 12.5 → "12.5", 1234 → "1234". */
export function formatNumber(value: number): string {
  if (value >= 100) return String(Math.round(value));
  if (value >= 10) return value.toFixed(1).replace(/\.0$/, '');
  return value.toFixed(2).replace(/\.?0+$/, '') || '0';
}
