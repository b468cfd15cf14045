import { QueryClient } from '@tanstack/react-query';
import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Route, Routes } from 'react-router';
import type { OwnUser, ServerMetrics, ServerSample } from '#/lib/api/types';
import { sessionKeys } from '#/state/queries/session';
import { jsonResponse, makeOwnUser, renderWithProviders } from '#/test/utils';
import ServerScreen from './ServerScreen';

afterEach(() => vi.unstubAllGlobals());

function sample(at: string, overrides: Partial<ServerSample> = {}): ServerSample {
  return {
    at,
    requestsPerSecond: 1,
    errorsPerSecond: 0,
    p50Ms: 2,
    p99Ms: 20,
    sockets: 3,
    messagesPerSecond: 0.5,
    cpuPercent: 12,
    memoryBytes: 50 * 1024 ** 2,
    databaseBytes: 2 * 1024 ** 2,
    mediaBytes: 300 * 1024 ** 2,
    diskFreeBytes: 20 * 1024 ** 3,
    ...overrides,
  };
}

const metrics: ServerMetrics = {
  intervalSeconds: 10,
  windowSeconds: 3600,
  samples: [
    sample('2026-12-06T10:00:00.000Z'),
    sample('2026-12-06T10:00:10.000Z', {
      requestsPerSecond: 42.5,
      p99Ms: 180,
      sockets: 7,
      errorsPerSecond: 0.1,
    }),
  ],
};

function render(role: 'user' | 'moderator' | 'admin') {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  queryClient.setQueryData<OwnUser>(sessionKeys.me, { ...makeOwnUser(), role } as OwnUser);
  return renderWithProviders(
    <Routes>
      <Route path="/server" element={<ServerScreen />} />
    </Routes>,
    { route: '/server', queryClient },
  );
}

function stubApi(body: unknown) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://localhost');
    if (url.pathname === '/api/v1/admin/server/metrics') return jsonResponse(200, body);
    return jsonResponse(404, { error: { code: 'not_found', message: 'Not found' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('ServerScreen', () => {
  it('does not exist for moderators or users, and asks the API nothing', () => {
    const fetchMock = stubApi(metrics);
    render('moderator');
    expect(screen.getByRole('heading', { name: /this page isn.t available/i })).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('charts the last hour for an admin, each chart naming its latest figure', async () => {
    stubApi(metrics);
    render('admin');
    expect(await screen.findByRole('heading', { name: 'Server' })).toBeTruthy();
    const charts = await screen.findAllByTestId('server-chart');
    expect(charts).toHaveLength(10);
    const byTitle = (title: string) => {
      const chart = charts.find((c) => c.querySelector('figcaption > span')?.textContent === title);
      if (!chart) throw new Error(`no chart titled ${title}`);
      return chart;
    };
    expect(within(byTitle('Requests')).getByTestId('chart-latest').textContent).toBe('42.5/s');
    expect(within(byTitle('Latency')).getByTestId('chart-latest').textContent).toBe('p50 2 ms, p99 180 ms');
    expect(within(byTitle('Sockets')).getByTestId('chart-latest').textContent).toBe('7');
    expect(within(byTitle('Free disk')).getByTestId('chart-latest').textContent).toBe('20.0 GB');
    // Each chart is an image named by its caption, with a line per series.
    const latency = within(byTitle('Latency')).getByRole('img', { name: /Latency/ });
    expect(latency.querySelectorAll('path')).toHaveLength(2);
    expect(latency.querySelector('path')?.getAttribute('d')).toMatch(/^M[\d.]+ [\d.]+ L/);
  });

  it('says so while no sample was taken yet', async () => {
    stubApi({ intervalSeconds: 10, windowSeconds: 3600, samples: [] });
    render('admin');
    expect(await screen.findByText('No samples yet')).toBeTruthy();
  });
});
