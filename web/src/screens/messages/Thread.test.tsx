import { QueryClient } from '@tanstack/react-query';
import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Conversation, Message, User } from '#/lib/api/types';
import { sessionKeys } from '#/state/queries/session';
import { jsonResponse, makeOwnUser, makeUser, renderWithProviders } from '#/test/utils';
import { Thread } from './Thread';

afterEach(() => vi.unstubAllGlobals());

const me = makeOwnUser();
const bob = makeUser({ id: '2', username: 'bob', displayName: 'Bob Hale' });

function message(id: string, sender: User = me): Message {
  return {
    id,
    conversationId: '7',
    sender: { id: sender.id, username: sender.username, displayName: sender.displayName, avatarUrl: null },
    text: `text ${id}`,
    media: null,
    clientId: `client-${id}`,
    createdAt: '2026-11-25T10:00:00.000Z',
  };
}

function conversation(bobRead: string | null): Conversation {
  return {
    id: '7',
    title: null,
    isGroup: false,
    participants: [
      { ...me, online: false, lastSeenAt: null, lastReadMessageId: '4', hidden: false },
      { ...bob, online: false, lastSeenAt: null, lastReadMessageId: bobRead, hidden: false },
    ],
    lastMessage: message('5'),
    unreadCount: 0,
    updatedAt: '2026-11-25T10:00:00.000Z',
    isRequest: false,
  };
}

function renderThread(bobRead: string | null) {
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = String(input);
      calls.push(url);
      // The inbox's first page does not hold conversation 7 (it is older).
      if (url.startsWith('/api/v1/conversations?')) {
        return jsonResponse(200, { items: [], nextCursor: 'more', unreadTotal: 0 });
      }
      if (url === '/api/v1/conversations/7')
        return jsonResponse(200, { conversation: conversation(bobRead) });
      if (url.startsWith('/api/v1/conversations/7/messages')) {
        return jsonResponse(200, { items: [message('5'), message('4', bob)], nextCursor: null });
      }
      return new Response(null, { status: 204 });
    }),
  );
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  queryClient.setQueryData(sessionKeys.me, me);
  renderWithProviders(<Thread id="7" />, { queryClient });
  return calls;
}

describe('Thread opened by link', () => {
  it('loads its conversation by id instead of paging through the inbox', async () => {
    const calls = renderThread(null);
    expect(await screen.findByRole('heading', { name: 'Bob Hale' })).toBeTruthy();
    expect(calls).toContain('/api/v1/conversations/7');
    expect(calls.filter((c) => c.startsWith('/api/v1/conversations?'))).toHaveLength(1);
  });

  it('shows "Seen" from the stored read marker right after a reload', async () => {
    renderThread('5');
    await screen.findByText('text 5');
    expect(await screen.findByTestId('seen')).toBeTruthy();
  });

  it('shows no "Seen" when the other person has not read my last message', async () => {
    renderThread('4');
    await screen.findByRole('heading', { name: 'Bob Hale' });
    await screen.findByText('text 5');
    expect(screen.queryByTestId('seen')).toBeNull();
  });
});
