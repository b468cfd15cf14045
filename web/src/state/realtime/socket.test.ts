import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { conversationsApi } from '#/lib/api/endpoints';
import type { Message, MessagePage } from '#/lib/api/types';
import { conversationKeys } from '#/state/queries/conversations';
import { type Thread, threadOldestFirst } from './reducers';
import { catchUp, checkLoginAfterDisconnect, receiveMessage } from './socket';

function msg(id: string, conversationId = 'c1'): Message {
  return {
    id,
    conversationId,
    sender: { id: '2', username: 'bob', displayName: '', avatarUrl: null },
    text: `m${id}`,
    media: null,
    clientId: `client-${id}`,
    createdAt: '2026-11-25T10:00:00.000Z',
  };
}

function threadOf(...items: Message[]): Thread {
  return { pages: [{ items, nextCursor: null }], pageParams: [null] };
}

afterEach(() => vi.restoreAllMocks());

describe('catchUp', () => {
  it('asks each cached thread for what came after its newest message, following the cursor, and merges once', async () => {
    const client = new QueryClient();
    client.setQueryData(conversationKeys.thread('c1'), threadOf(msg('5'), msg('4')));
    client.setQueryData(conversationKeys.thread('c2'), threadOf(msg('9', 'c2')));
    const pages: Record<string, MessagePage> = {
      'c1:': { items: [msg('5'), msg('6')], nextCursor: 'k' }, // 5 came live meanwhile: not doubled
      'c1:k': { items: [msg('7')], nextCursor: null },
      'c2:': { items: [], nextCursor: null },
    };
    const after = vi
      .spyOn(conversationsApi, 'messagesAfter')
      .mockImplementation(async (id, _after, cursor) => pages[`${id}:${cursor ?? ''}`] as MessagePage);

    await catchUp(client);

    expect(after).toHaveBeenCalledWith('c1', '5', null);
    expect(after).toHaveBeenCalledWith('c1', '5', 'k');
    expect(after).toHaveBeenCalledWith('c2', '9', null);
    const c1 = client.getQueryData<Thread>(conversationKeys.thread('c1'));
    expect(threadOldestFirst(c1).map((m) => m.id)).toEqual(['4', '5', '6', '7']);
  });
});

describe('receiveMessage', () => {
  it('shows a message once whether the ack or message:new comes first', () => {
    const client = new QueryClient();
    client.setQueryData(conversationKeys.thread('c1'), threadOf(msg('1')));
    receiveMessage(client, msg('2'), '1');
    receiveMessage(client, msg('2'), '1');
    const thread = client.getQueryData<Thread>(conversationKeys.thread('c1'));
    expect(threadOldestFirst(thread).map((m) => m.id)).toEqual(['1', '2']);
  });
});

describe('checkLoginAfterDisconnect', () => {
  const run = async (alive: boolean, closed = false) => {
    const calls: string[] = [];
    await checkLoginAfterDisconnect(async () => alive, {
      closed: () => closed,
      reconnect: () => calls.push('reconnect'),
      signOut: () => calls.push('signOut'),
    });
    return calls;
  };

  it('signs out at once when the login is gone (a suspended account, a logout elsewhere)', async () => {
    expect(await run(false)).toEqual(['signOut']);
  });

  it('connects again when only the socket was ended and the login lives', async () => {
    expect(await run(true)).toEqual(['reconnect']);
  });

  it('does nothing once this tab logged out itself (the connection was closed meanwhile)', async () => {
    expect(await run(false, true)).toEqual([]);
  });
});

describe('checkLoginAfterDisconnect while this tab logs out', () => {
  it('asks nothing: the logout in progress ended the socket on purpose', async () => {
    const refresh = vi.fn(async () => false);
    const signOut = vi.fn();
    await checkLoginAfterDisconnect(refresh, { closed: () => true, reconnect: () => undefined, signOut });
    expect(refresh).not.toHaveBeenCalled();
    expect(signOut).not.toHaveBeenCalled();
  });
});
