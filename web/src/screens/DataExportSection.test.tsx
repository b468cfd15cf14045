import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXPORT_POLL_MS, type ExportState } from '#/state/queries/data-export';
import { jsonResponse, renderWithProviders } from '#/test/utils';
import { DataExportSection } from './DataExportSection';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const READY: ExportState = {
  status: 'ready',
  requestedAt: '2026-12-06T09:00:00.000Z',
  url: '/api/v1/exports/7/archive',
  sizeBytes: 3 * 1024 * 1024,
  expiresAt: '2026-12-13T09:01:00.000Z',
};

/** A server whose export goes none → (POST) pending → ready after `pendingPolls` more GETs. */
function serve({ initial = { status: 'none' } as ExportState, pendingPolls = 1 } = {}) {
  let state = initial;
  let polls = 0;
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: RequestInfo | URL, init: RequestInit = {}) => {
      const method = init.method ?? 'GET';
      calls.push(`${method} ${String(url)}`);
      if (!String(url).endsWith('/api/v1/users/me/export'))
        return jsonResponse(404, { error: { code: 'not_found', message: 'No' } });
      if (method === 'POST') {
        state = { status: 'pending', requestedAt: '2026-12-06T09:00:00.000Z' };
        return jsonResponse(202, state);
      }
      if (state.status === 'pending' && ++polls > pendingPolls) state = READY;
      return jsonResponse(200, state);
    }),
  );
  return calls;
}

describe('DataExportSection', () => {
  it('asks for an archive, shows it is being prepared, polls, then links to it with its expiry', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const calls = serve();
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderWithProviders(<DataExportSection />);

    await user.click(await screen.findByRole('button', { name: 'Request your archive' }));
    expect((await screen.findByRole('status')).textContent).toMatch(/Preparing your archive/);
    expect(screen.queryByRole('button', { name: /archive/ })).toBeNull();
    expect(calls).toContain('POST /api/v1/users/me/export');

    // Still pending at the first poll, ready at the second.
    await vi.advanceTimersByTimeAsync(EXPORT_POLL_MS);
    await vi.advanceTimersByTimeAsync(EXPORT_POLL_MS);
    const link = await screen.findByRole('link', { name: 'Download your archive' });
    expect(link.getAttribute('href')).toBe('/api/v1/exports/7/archive');
    expect(link.hasAttribute('download')).toBe(true);
    expect(screen.getByText(/3\.0 MB/)).toBeTruthy();
    expect(screen.getByText('December 13, 2026').getAttribute('datetime')).toBe(READY.expiresAt);
    expect(screen.getByRole('button', { name: 'Make a new archive' })).toBeTruthy();
  });

  it('stops polling once the archive is ready', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const calls = serve({ initial: READY });
    renderWithProviders(<DataExportSection />);
    await screen.findByRole('link', { name: 'Download your archive' });
    const before = calls.length;
    await vi.advanceTimersByTimeAsync(EXPORT_POLL_MS * 3);
    expect(calls.length).toBe(before);
  });

  it('says so when the last archive failed, and offers to ask again', async () => {
    serve({ initial: { status: 'failed', requestedAt: '2026-12-06T09:00:00.000Z' } });
    renderWithProviders(<DataExportSection />);
    expect((await screen.findByRole('alert')).textContent).toMatch(/could not be made/);
    expect((screen.getByRole('button', { name: 'Request your archive' }) as HTMLButtonElement).disabled).toBe(
      false,
    );
  });

  it('shows the refusal when asking too often', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: RequestInfo | URL, init: RequestInit = {}) =>
        init.method === 'POST'
          ? jsonResponse(
              429,
              { error: { code: 'rate_limited', message: 'Too many exports, try again later' } },
              { 'Retry-After': '60' },
            )
          : jsonResponse(200, { status: 'none' }),
      ),
    );
    const user = userEvent.setup();
    renderWithProviders(<DataExportSection />);
    await user.click(await screen.findByRole('button', { name: 'Request your archive' }));
    await waitFor(() => expect(screen.getByText('Too many tries. Try again in 60 s.')).toBeTruthy());
  });
});
