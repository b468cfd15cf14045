import { QueryClient } from '@tanstack/react-query';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Conversation, ConversationPage } from '#/lib/api/types';
import { conversationKeys } from '#/state/queries/conversations';
import type { ConversationList } from '#/state/realtime/reducers';
import { jsonResponse, makeOwnUser, makeUser, renderWithProviders } from '#/test/utils';
import { RequestBanner } from './RequestBanner';

afterEach(() => vi.unstubAllGlobals());

const me = makeOwnUser();
const eve = makeUser({ id: '5', username: 'eve' });

function request(overrides: Partial<Conversation> = {}): Conversation {
  return {
    id: '70',
    title: null,
    isGroup: false,
    participants: [
      { ...me, online: false, lastSeenAt: null, lastReadMessageId: null, hidden: false },
      { ...eve, online: false, lastSeenAt: null, lastReadMessageId: null, hidden: false },
    ],
    lastMessage: null,
    unreadCount: 1,
    updatedAt: '2026-12-06T06:00:00.000Z',
    isRequest: true,
    ...overrides,
  };
}

function Where() {
  const location = useLocation();
  return <p data-testid="where">{`${location.pathname}${location.search}`}</p>;
}

function render(conversation: Conversation) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  const page: ConversationPage = { items: [conversation], nextCursor: null, unreadTotal: 0, requestCount: 1 };
  queryClient.setQueryData<ConversationList>(conversationKeys.requests(), {
    pages: [page],
    pageParams: [null],
  });
  return renderWithProviders(
    <Routes>
      <Route
        path="*"
        element={
          <>
            <RequestBanner conversation={conversation} myId={me.id} />
            <Where />
          </>
        }
      />
    </Routes>,
    { route: '/messages/70?folder=requests', queryClient },
  );
}

function calls(fetchMock: ReturnType<typeof vi.fn>): string[] {
  return fetchMock.mock.calls.map(
    ([url, init]) => `${(init as RequestInit | undefined)?.method ?? 'GET'} ${String(url)}`,
  );
}

describe('RequestBanner', () => {
  it('accepts: the request leaves the Requests list and the thread opens as a normal conversation', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(204));
    vi.stubGlobal('fetch', fetchMock);
    const { queryClient } = render(request());
    expect(screen.getByRole('region', { name: 'Message request' }).textContent).toContain(
      'eve wants to send you a message.',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Accept' }));
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/messages/70'));
    expect(calls(fetchMock)).toContain('POST /api/v1/conversations/70/accept');
    const left = queryClient.getQueryData<ConversationList>(conversationKeys.requests());
    expect(left?.pages[0]?.items).toEqual([]);
  });

  it('blocks the sender from a 1:1 request after asking, and takes the request off the list', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(204));
    vi.stubGlobal('fetch', fetchMock);
    render(request());
    await userEvent.click(screen.getByRole('button', { name: 'Block' }));
    const dialog = screen.getByRole('dialog', { name: 'Block eve?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Block' }));
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/messages?folder=requests'));
    expect(calls(fetchMock)).toEqual(['POST /api/v1/users/eve/block', 'DELETE /api/v1/conversations/70']);
  });

  it('offers no Block in a group (there is no one sender to block), only accept and delete', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(204));
    vi.stubGlobal('fetch', fetchMock);
    render(request({ isGroup: true, title: 'Deals' }));
    expect(screen.queryByRole('button', { name: 'Block' })).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/messages?folder=requests'));
    expect(calls(fetchMock)).toEqual(['DELETE /api/v1/conversations/70']);
  });
});
