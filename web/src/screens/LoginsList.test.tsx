import { QueryClient } from '@tanstack/react-query';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Login } from '#/lib/api/types';
import { sessionKeys } from '#/state/queries/session';
import { jsonResponse, makeOwnUser, renderWithProviders } from '#/test/utils';
import { LoginsList } from './LoginsList';

afterEach(() => vi.unstubAllGlobals());

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

const LOGINS: Login[] = [
  {
    id: 's1',
    current: true,
    userAgent:
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    ip: '203.0.113.7',
    createdAt: minutesAgo(600),
    lastSeenAt: minutesAgo(0),
  },
  {
    id: 's2',
    current: false,
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
    ip: '198.51.100.4',
    createdAt: minutesAgo(6000),
    lastSeenAt: minutesAgo(180),
  },
];

function serve() {
  const deleted: string[] = [];
  const fetchMock = vi.fn(async (url: RequestInfo | URL, init: RequestInit = {}) => {
    const path = String(url);
    if (init.method === 'DELETE') {
      deleted.push(path.slice(path.lastIndexOf('/') + 1));
      return new Response(null, { status: 204 });
    }
    if (path.endsWith('/api/v1/auth/sessions')) return jsonResponse(200, { items: LOGINS });
    return jsonResponse(404, { error: { code: 'not_found', message: 'No' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return deleted;
}

function signedIn(): QueryClient {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  queryClient.setQueryData(sessionKeys.me, makeOwnUser());
  return queryClient;
}

describe('LoginsList', () => {
  it('names each device, its address and last use, and marks this one', async () => {
    serve();
    renderWithProviders(<LoginsList />, { queryClient: signedIn() });
    const rows = within(await screen.findByRole('list', { name: 'Logins' })).getAllByRole('listitem');
    expect(rows.map((row) => row.textContent)).toEqual([
      expect.stringMatching(/^Chrome on Linux · This device203\.0\.113\.7 · Active now/),
      expect.stringMatching(/^Safari on iPhone198\.51\.100\.4 · Last active 3h ago/),
    ]);
  });

  it('logs another device out at once, and it leaves the list', async () => {
    const deleted = serve();
    const queryClient = signedIn();
    renderWithProviders(<LoginsList />, { queryClient });
    await userEvent.click(await screen.findByRole('button', { name: 'Log out of Safari on iPhone' }));
    await waitFor(() => expect(screen.queryByText('Safari on iPhone')).toBeNull());
    expect(deleted).toEqual(['s2']);
    expect(screen.getByText(/Logged out of Safari on iPhone/)).toBeTruthy();
    expect(queryClient.getQueryData(sessionKeys.me)).not.toBeNull();
  });

  it('asks before logging this device out, then signs the app out', async () => {
    const deleted = serve();
    const queryClient = signedIn();
    renderWithProviders(<LoginsList />, { queryClient });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Log out of Chrome on Linux (this device)' }),
    );
    const dialog = screen.getByRole('dialog', { name: 'Log out of this device?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(deleted).toEqual([]);
    expect(queryClient.getQueryData(sessionKeys.me)).toBeTruthy();

    await userEvent.click(screen.getByRole('button', { name: 'Log out of Chrome on Linux (this device)' }));
    await userEvent.click(
      within(screen.getByRole('dialog', { name: 'Log out of this device?' })).getByRole('button', {
        name: 'Log out',
      }),
    );
    await waitFor(() => expect(queryClient.getQueryData(sessionKeys.me)).toBeNull());
    expect(deleted).toEqual(['s1']);
  });
});
