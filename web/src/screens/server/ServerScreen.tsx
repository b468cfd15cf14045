import { EmptyState } from '#/components/EmptyState';
import { QueryError } from '#/components/QueryError';
import { Spinner } from '#/components/Spinner';
import type { ServerSample } from '#/lib/api/types';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import { isAdmin } from '#/state/queries/moderation';
import { useServerMetrics } from '#/state/queries/server';
import { useMe } from '#/state/queries/session';
import NotFoundScreen from '../NotFoundScreen';
import { type ChartPoint, formatBytes, formatNumber } from './chart';
import { type ChartSeries, LineChart } from './LineChart';
import './server.css';

type Figure = keyof Omit<ServerSample, 'at'>;

interface ChartSpec {
  title: string;
  series: { label: string; figure: Figure }[];
  format: (value: number) => string;
}

const perSecond = (v: number) => `${formatNumber(v)}/s`;
const ms = (v: number) => `${formatNumber(v)} ms`;

const CHARTS: ChartSpec[] = [
  { title: 'Requests', series: [{ label: 'requests', figure: 'requestsPerSecond' }], format: perSecond },
  {
    title: 'Latency',
    series: [
      { label: 'p50', figure: 'p50Ms' },
      { label: 'p99', figure: 'p99Ms' },
    ],
    format: ms,
  },
  { title: 'Errors (5xx)', series: [{ label: 'errors', figure: 'errorsPerSecond' }], format: perSecond },
  { title: 'Sockets', series: [{ label: 'sockets', figure: 'sockets' }], format: formatNumber },
  { title: 'Messages', series: [{ label: 'messages', figure: 'messagesPerSecond' }], format: perSecond },
  { title: 'CPU', series: [{ label: 'cpu', figure: 'cpuPercent' }], format: (v) => `${formatNumber(v)} %` },
  { title: 'Memory', series: [{ label: 'memory', figure: 'memoryBytes' }], format: formatBytes },
  { title: 'Database', series: [{ label: 'database', figure: 'databaseBytes' }], format: formatBytes },
  { title: 'Media', series: [{ label: 'media', figure: 'mediaBytes' }], format: formatBytes },
  { title: 'Free disk', series: [{ label: 'free', figure: 'diskFreeBytes' }], format: formatBytes },
];

function seriesOf(samples: ServerSample[], figure: Figure): ChartPoint[] {
  return samples.map((s) => ({ t: Date.parse(s.at), v: s[figure] }));
}

/**
 * /server, for admins only (to everyone else it does not exist, as the API
 * answers them 404): this instance's last hour in small live charts, from the
 * samples the server takes of its own metrics. Prometheus (GET /metrics on the
 * metrics listener) has the same figures and more, for longer.
 */
export default function ServerScreen() {
  const me = useMe();
  const admin = isAdmin(me);
  const metrics = useServerMetrics(admin);
  useDocumentTitle('Server');
  if (!admin) return <NotFoundScreen />;

  const samples = metrics.data?.samples ?? [];
  // The charts end at the latest sample (charts render only when there is one).
  const last = samples[samples.length - 1];
  const to = last ? Date.parse(last.at) : 0;
  const from = to - (metrics.data?.windowSeconds ?? 3600) * 1000;

  return (
    <div className="page server">
      <h1 className="page__title">Server</h1>
      <p className="muted small">
        This instance over the last hour, a sample every {metrics.data?.intervalSeconds ?? 10} s.
      </p>
      {metrics.isPending && <Spinner label="Loading the server's figures" />}
      {metrics.isError && <QueryError error={metrics.error} onRetry={() => void metrics.refetch()} />}
      {metrics.isSuccess && samples.length === 0 && (
        <EmptyState title="No samples yet">
          The first one arrives within a sample interval of the start.
        </EmptyState>
      )}
      {samples.length > 0 && (
        <div className="server__grid">
          {CHARTS.map((chart) => {
            const series: ChartSeries[] = chart.series.map((s) => ({
              label: s.label,
              points: seriesOf(samples, s.figure),
            }));
            return (
              <LineChart
                key={chart.title}
                title={chart.title}
                series={series}
                format={chart.format}
                from={from}
                to={to}
              />
            );
          })}
        </div>
      )}
    </div>
  );
}
