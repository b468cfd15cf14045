import { QueryClient } from '@tanstack/react-query';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Route, Routes } from 'react-router';
import type { OwnUser, ReportGroup } from '#/lib/api/types';
import { sessionKeys } from '#/state/queries/session';
import { jsonResponse, makeOwnUser, renderWithProviders } from '#/test/utils';
import ModerationScreen from './ModerationScreen';
import { readPreview } from './preview';

afterEach(() => vi.unstubAllGlobals());

const group: ReportGroup = {
  target: {
    type: 'post',
    id: '42',
    preview: { author: { username: 'spammer', avatarUrl: null }, caption: 'Buy followers now' },
  },
  reports: [
    {
      id: '9',
      status: 'open',
      reason: 'spam',
      note: 'Same link everywhere',
      reporter: { id: '3', username: 'cyd' },
      createdAt: '2026-12-06T06:00:00.000Z',
    },
    {
      id: '8',
      status: 'open',
      reason: 'harassment',
      note: '',
      reporter: { id: '4', username: 'dee' },
      createdAt: '2026-12-06T05:00:00.000Z',
    },
  ],
  count: 2,
};

function render(role: 'user' | 'moderator' | 'admin', route = '/moderation') {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  queryClient.setQueryData<OwnUser>(sessionKeys.me, { ...makeOwnUser(), role } as OwnUser);
  return renderWithProviders(
    <Routes>
      <Route path="/moderation" element={<ModerationScreen />} />
    </Routes>,
    { route, queryClient },
  );
}

function api(routes: Record<string, unknown>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, _init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    const key = `${url.pathname}${url.search}`.replace('/api/v1', '');
    for (const [prefix, body] of Object.entries(routes)) {
      if (key.startsWith(prefix)) return jsonResponse(200, body);
    }
    return jsonResponse(204);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('ModerationScreen', () => {
  it('does not exist for someone who is not a moderator, and asks the API nothing', () => {
    const fetchMock = api({});
    render('user');
    expect(screen.getByRole('heading', { name: /this page isn.t available/i })).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows a moderator each reported target once, with its preview and every report', async () => {
    api({ '/admin/reports?status=open': { items: [group], nextCursor: null } });
    render('moderator');
    const card = await screen.findByTestId('report-group');
    expect(screen.getByRole('heading', { name: 'Post by spammer' })).toBeTruthy();
    expect(card.textContent).toContain('Buy followers now');
    expect(card.textContent).toContain('2 reports');
    expect(card.textContent).toContain('Same link everywhere');
    expect(card.textContent).toContain('Bullying or harassment');
    // Invites and the audit log are for admins.
    expect(screen.queryByRole('link', { name: 'Invites' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Audit log' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Sign-ups' })).toBeTruthy();
  });

  it('suspends the author in one click with the note and the chosen end, then closes the reports', async () => {
    const fetchMock = api({ '/admin/reports?status=open': { items: [group], nextCursor: null } });
    render('admin');
    await screen.findByTestId('report-group');
    await userEvent.type(screen.getByLabelText(/^Note/), 'Spam ring');
    const until = screen.getByLabelText(/^Suspend until/);
    await userEvent.type(until, '2030-01-31');
    await userEvent.click(screen.getByRole('button', { name: 'Suspend spammer' }));

    await waitFor(() =>
      expect(fetchMock.mock.calls.some(([url]) => String(url).includes('/admin/reports/9/resolve'))).toBe(
        true,
      ),
    );
    const sent = fetchMock.mock.calls
      .filter(([, init]) => (init as RequestInit | undefined)?.method === 'POST')
      .map(([url, init]) => [new URL(String(url), 'http://x').pathname, JSON.parse(String(init?.body))]);
    // Resolving suspends until lifted; the chosen end then goes to the suspend endpoint (an upsert).
    expect(sent[0]).toEqual(['/api/v1/admin/reports/9/resolve', { action: 'suspend', note: 'Spam ring' }]);
    expect(sent[1]?.[0]).toBe('/api/v1/admin/users/spammer/suspend');
    expect(sent[1]?.[1]).toMatchObject({ reason: 'Spam ring' });
    expect(String((sent[1]?.[1] as { until: string }).until)).toMatch(/^2030-01-3[01]T/);
    expect(await screen.findByText('Account suspended.')).toBeTruthy();
  });

  it('asks for a reason before a suspension with an end date, sending nothing', async () => {
    const fetchMock = api({ '/admin/reports?status=open': { items: [group], nextCursor: null } });
    render('moderator');
    await screen.findByTestId('report-group');
    await userEvent.type(screen.getByLabelText(/^Suspend until/), '2030-01-31');
    await userEvent.click(screen.getByRole('button', { name: 'Suspend spammer' }));
    expect((await screen.findByRole('alert')).textContent).toMatch(/needs a reason/);
    expect(fetchMock.mock.calls.filter(([, init]) => init?.method === 'POST')).toEqual([]);
  });

  it('removes the content in one click (no end date needed) and offers no removal for an account', async () => {
    const account: ReportGroup = {
      ...group,
      target: { type: 'user', id: '5', preview: { username: 'troll', bio: 'hi' } },
    };
    const fetchMock = api({ '/admin/reports?status=open': { items: [group, account], nextCursor: null } });
    render('moderator');
    const cards = await screen.findAllByTestId('report-group');
    expect(cards).toHaveLength(2);
    expect(screen.getAllByRole('button', { name: /^Remove/ })).toHaveLength(1);
    await userEvent.click(screen.getByRole('button', { name: 'Remove post' }));
    await waitFor(() => {
      const resolve = fetchMock.mock.calls.find(([url]) => String(url).includes('/resolve'));
      expect(JSON.parse(String(resolve?.[1]?.body))).toEqual({ action: 'remove', note: '' });
    });
  });

  it('offers the step still due on a resolved report: removing a suspended author’s post, with a reason', async () => {
    const resolved: ReportGroup = {
      ...group,
      reports: group.reports.map((r) => ({
        ...r,
        status: 'resolved' as const,
        resolution: 'suspend' as const,
      })),
    };
    // Once removed, the server has no preview of the post left to send.
    const removedGroup: ReportGroup = { ...resolved, target: { ...resolved.target, preview: null } };
    const queue = { items: [resolved], nextCursor: null as string | null };
    const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = String(input);
      if (init.method === 'DELETE' && url.includes('/admin/posts/42')) {
        queue.items = [removedGroup];
        return jsonResponse(204);
      }
      if (url.includes('/admin/reports?status=resolved')) return jsonResponse(200, queue);
      return jsonResponse(204);
    });
    vi.stubGlobal('fetch', fetchMock);
    render('moderator', '/moderation?tab=resolved');
    const card = await screen.findByTestId('report-group');
    expect(card.getAttribute('data-target')).toBe('post:42');
    expect(card.textContent).toContain('Author suspended');
    expect(screen.queryByRole('button', { name: 'Suspend spammer' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Remove post' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Write the reason first.');
    await userEvent.type(screen.getByLabelText(/^Reason/), 'Spam');
    await userEvent.click(screen.getByRole('button', { name: 'Remove post' }));
    // The queue is asked again and the post is gone: the card still says what was done.
    await waitFor(() => expect(card.textContent).toContain('This post no longer exists.'));
    expect(within(card).getByText('Post removed.')).toBeTruthy();
    expect(within(card).queryByRole('button', { name: 'Remove post' })).toBeNull();
    const removal = fetchMock.mock.calls.find(([, init]) => init?.method === 'DELETE');
    expect(String(removal?.[0])).toBe('/api/v1/admin/posts/42');
    expect(JSON.parse(String(removal?.[1]?.body))).toEqual({ reason: 'Spam' });
  });

  it('lets an admin create an invite (bounds checked first) and shows its code', async () => {
    const invite = { code: 'KX7P-29QF', usesLeft: 5, uses: 5, expiresAt: '2030-01-01T00:00:00Z' };
    const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = String(input);
      if (url.includes('/admin/invites') && init.method === 'POST') return jsonResponse(201, invite);
      if (url.includes('/admin/invites')) return jsonResponse(200, { items: [], nextCursor: null });
      return jsonResponse(204);
    });
    vi.stubGlobal('fetch', fetchMock);
    render('admin', '/moderation?tab=invites');
    const uses = await screen.findByLabelText('Uses');
    await userEvent.clear(uses);
    await userEvent.type(uses, '0');
    await userEvent.click(screen.getByRole('button', { name: 'Create invite' }));
    expect(await screen.findByText('Enter a whole number from 1 to 1,000.')).toBeTruthy();

    await userEvent.clear(uses);
    await userEvent.type(uses, '5');
    await userEvent.click(screen.getByRole('button', { name: 'Create invite' }));
    expect((await screen.findByText('KX7P-29QF')).closest('[role="status"]')).toBeTruthy();
    const post = fetchMock.mock.calls.find(([, i]) => i?.method === 'POST');
    expect(JSON.parse(String(post?.[1]?.body))).toEqual({ uses: 5, expiresInDays: 7 });
  });
});

describe('readPreview', () => {
  it('reads a message report: the reported message marked among the ones before it', () => {
    const preview = readPreview({
      type: 'message',
      id: '12',
      preview: {
        messages: [
          { id: '11', sender: { username: 'ada' }, text: 'hello', hadImage: false, reported: false },
          { id: '12', sender: { username: 'eve' }, text: 'something nasty', hadImage: false, reported: true },
        ],
      },
    });
    expect(preview.author?.username).toBe('eve');
    expect(preview.messages.map((m) => [m.sender, m.reported])).toEqual([
      ['ada', false],
      ['eve', true],
    ]);
    expect(preview.link).toBeNull();
  });

  it('links a post to its page, and says when the content is gone', () => {
    expect(readPreview({ type: 'post', id: '3', preview: { caption: 'x' } }).link).toBe('/p/3');
    const gone = readPreview({ type: 'comment', id: '4', preview: null });
    expect(gone.gone).toBe(true);
    expect(gone.link).toBeNull();
  });
});
