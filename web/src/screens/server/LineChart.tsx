import { useId } from 'react';
import { type ChartPoint, geometry } from './chart';

const WIDTH = 300;
const HEIGHT = 80;

export interface ChartSeries {
  label: string;
  points: ChartPoint[];
}

/**
 * One small chart of the Server screen: an SVG line per series over the last
 * hour, the latest value of each in words beside it (what a screen reader
 * reads too, with the chart's title), the scale's top at the corner.
 */
export function LineChart({
  title,
  series,
  format,
  from,
  to,
}: {
  title: string;
  series: ChartSeries[];
  format: (value: number) => string;
  from: number;
  to: number;
}) {
  const id = useId();
  const { paths, top } = geometry(
    series.map((s) => s.points),
    { width: WIDTH, height: HEIGHT, from, to },
  );
  const latest = series.map((s) => {
    const last = s.points[s.points.length - 1];
    return { label: s.label, text: last ? format(last.v) : '–' };
  });
  const summary = latest.map((l) => (series.length > 1 ? `${l.label} ${l.text}` : l.text)).join(', ');
  return (
    <figure className="server-chart" data-testid="server-chart">
      <figcaption id={id} className="server-chart__title">
        <span>{title}</span>
        <span className="server-chart__now" data-testid="chart-latest">
          {summary}
        </span>
      </figcaption>
      <svg
        className="server-chart__plot"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-labelledby={id}
      >
        <line x1="0" y1={HEIGHT} x2={WIDTH} y2={HEIGHT} className="server-chart__axis" />
        {paths.map((d, i) => (
          <path key={series[i]?.label ?? i} d={d} className={`server-chart__line server-chart__line--${i}`} />
        ))}
      </svg>
      <div className="server-chart__scale muted small">
        <span>max {format(top)}</span>
        {series.length > 1 && (
          <span className="server-chart__legend">
            {series.map((s, i) => (
              <span key={s.label} className={`server-chart__key server-chart__key--${i}`}>
                {s.label}
              </span>
            ))}
          </span>
        )}
      </div>
    </figure>
  );
}
