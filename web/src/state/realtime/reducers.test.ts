import { describe, expect, it } from 'vitest';
import type { Conversation, Message, Notification, Participant } from '#/lib/api/types';
import { makeUser } from '#/test/utils';
import {
  applyConversationUpdate,
  applyMessageToList,
  applyPresence,
  applyReadMarker,
  applyReadToList,
  applyTyping,
  clearTyping,
  compareIds,
  type ConversationList,
  mergeNewMessages,
  mergeReadMarkers,
  newestMessageId,
  type NotificationList,
  prependNotification,
  removeConversation,
  seenMessageId,
  type Thread,
  threadOldestFirst,
  totalUnread,
  typingNames,
} from './reducers';

const ME = '1';
const BOB = '2';

function msg(id: string, sender = BOB, conversationId = 'c1'): Message {
  return {
    id,
    conversationId,
    sender: { id: sender, username: sender === ME ? 'ada' : 'bob', displayName: '', avatarUrl: null },
    text: `m${id}`,
    media: null,
    clientId: `client-${id}`,
    createdAt: `2026-11-25T10:00:${id.padStart(2, '0').slice(-2)}.000Z`,
  };
}

function participant(id: string, username: string, online = false): Participant {
  return { ...makeUser({ id, username }), online, lastSeenAt: null, lastReadMessageId: null, hidden: false };
}

function conv(id: string, overrides: Partial<Conversation> = {}): Conversation {
  return {
    id,
    title: null,
    isGroup: false,
    participants: [participant(ME, 'ada'), participant(BOB, 'bob')],
    lastMessage: null,
    unreadCount: 0,
    updatedAt: '2026-11-25T09:00:00.000Z',
    isRequest: false,
    ...overrides,
  };
}

function thread(...pages: Message[][]): Thread {
  return {
    pages: pages.map((items, i) => ({ items, nextCursor: i < pages.length - 1 ? `p${i + 1}` : null })),
    pageParams: pages.map((_, i) => (i === 0 ? null : `p${i}`)),
  };
}

function list(...items: Conversation[]): ConversationList {
  const unreadTotal = items.filter((c) => c.unreadCount > 0).length;
  return { pages: [{ items, nextCursor: null, unreadTotal, requestCount: 0 }], pageParams: [null] };
}

describe('compareIds', () => {
  it('orders decimal ids by value, not as text', () => {
    expect(compareIds('9', '10')).toBeLessThan(0);
    expect(compareIds('10', '9')).toBeGreaterThan(0);
    expect(compareIds('42', '42')).toBe(0);
    expect(compareIds('123456789012345678', '123456789012345679')).toBeLessThan(0);
  });
});

describe('mergeNewMessages', () => {
  it('puts a new message at the front of the newest page', () => {
    const next = mergeNewMessages(thread([msg('2'), msg('1')]), [msg('3')]);
    expect(next?.pages[0]?.items.map((m) => m.id)).toEqual(['3', '2', '1']);
  });

  it('does not double a message it holds (message:new after the ack, or in a catch-up page)', () => {
    const start = thread([msg('3'), msg('2')], [msg('1')]);
    const once = mergeNewMessages(start, [msg('4')]);
    const twice = mergeNewMessages(once, [msg('4'), msg('3'), msg('1')]);
    expect(twice).toBe(once);
    expect(threadOldestFirst(twice).map((m) => m.id)).toEqual(['1', '2', '3', '4']);
  });

  it('merges an oldest-first catch-up page in order, with nothing lost', () => {
    const start = thread([msg('10'), msg('9')]);
    const next = mergeNewMessages(start, [msg('11'), msg('12'), msg('13')]);
    expect(next?.pages[0]?.items.map((m) => m.id)).toEqual(['13', '12', '11', '10', '9']);
    expect(newestMessageId(next)).toBe('13');
  });

  it('places a late, older arrival in order', () => {
    const next = mergeNewMessages(thread([msg('12'), msg('10')]), [msg('11')]);
    expect(next?.pages[0]?.items.map((m) => m.id)).toEqual(['12', '11', '10']);
  });

  it('leaves a thread that is not cached alone (it loads whole when opened)', () => {
    expect(mergeNewMessages(undefined, [msg('1')])).toBeUndefined();
  });
});

describe('threadOldestFirst', () => {
  it('flattens history pages (newest first) into display order', () => {
    expect(threadOldestFirst(thread([msg('4'), msg('3')], [msg('2'), msg('1')])).map((m) => m.id)).toEqual([
      '1',
      '2',
      '3',
      '4',
    ]);
  });
});

describe('applyMessageToList', () => {
  it('counts a message from someone else unread, shows it last and moves the conversation to the top', () => {
    const start = list(conv('c2'), conv('c1', { unreadCount: 1, lastMessage: msg('1') }));
    const { list: next, known } = applyMessageToList(start, msg('2'), ME);
    expect(known).toBe(true);
    expect(next?.pages[0]?.items.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(next?.pages[0]?.items[0]?.unreadCount).toBe(2);
    expect(next?.pages[0]?.items[0]?.lastMessage?.id).toBe('2');
    expect(next?.pages[0]?.items[0]?.updatedAt).toBe(msg('2').createdAt);
  });

  it('counts a repeated delivery once', () => {
    const start = list(conv('c1'));
    const once = applyMessageToList(start, msg('2'), ME).list;
    const twice = applyMessageToList(once, msg('2'), ME).list;
    expect(twice?.pages[0]?.items[0]?.unreadCount).toBe(1);
  });

  it('my own message clears the count', () => {
    const start = list(conv('c1', { unreadCount: 3, lastMessage: msg('1') }));
    const next = applyMessageToList(start, msg('5', ME), ME).list;
    expect(next?.pages[0]?.items[0]?.unreadCount).toBe(0);
  });

  it('reports an unknown conversation so the list is refetched', () => {
    expect(applyMessageToList(list(conv('c2')), msg('1'), ME).known).toBe(false);
  });
});

describe('read markers', () => {
  it('my read of the last message clears the unread count; someone else’s does not', () => {
    const start = list(conv('c1', { unreadCount: 2, lastMessage: msg('5') }));
    expect(
      applyReadToList(start, { conversationId: 'c1', userId: BOB, messageId: '5' }, ME)?.pages[0]?.items[0]
        ?.unreadCount,
    ).toBe(2);
    expect(
      applyReadToList(start, { conversationId: 'c1', userId: ME, messageId: '5' }, ME)?.pages[0]?.items[0]
        ?.unreadCount,
    ).toBe(0);
  });

  it('markers only move forward', () => {
    const a = applyReadMarker(undefined, BOB, '10');
    expect(applyReadMarker(a, BOB, '9')).toEqual({ [BOB]: '10' });
    expect(applyReadMarker(a, BOB, '11')).toEqual({ [BOB]: '11' });
  });

  it('"Seen" goes under my last message once another member read it', () => {
    const messages = [msg('1'), msg('2', ME), msg('3', ME)];
    expect(seenMessageId(messages, { [BOB]: '2' }, ME)).toBeNull();
    expect(seenMessageId(messages, { [BOB]: '3' }, ME)).toBe('3');
    expect(seenMessageId(messages, { [ME]: '3' }, ME)).toBeNull();
  });
});

describe('presence, conversation updates, unread total', () => {
  it('updates a participant everywhere they appear', () => {
    const start = list(conv('c1'), conv('c2'), conv('c3', { participants: [participant(ME, 'ada')] }));
    const next = applyPresence(start, { userId: BOB, online: true, lastSeenAt: null });
    expect(next?.pages[0]?.items.map((c) => c.participants.find((p) => p.id === BOB)?.online)).toEqual([
      true,
      true,
      undefined,
    ]);
    expect(next?.pages[0]?.items[2]).toBe(start.pages[0]?.items[2]);
  });

  it('keeps my unread count on conversation:updated and adds a new conversation on top', () => {
    const start = list(conv('c1', { unreadCount: 4 }));
    const updated = applyConversationUpdate(start, conv('c1', { title: 'Trip', unreadCount: 0 }));
    expect(updated?.pages[0]?.items[0]).toMatchObject({ title: 'Trip', unreadCount: 4 });
    const added = applyConversationUpdate(start, conv('c9'));
    expect(added?.pages[0]?.items.map((c) => c.id)).toEqual(['c9', 'c1']);
  });

  it("the nav badge is the server's unreadTotal: conversations with unread messages, all pages", () => {
    const start = list(conv('a', { unreadCount: 2 }), conv('b', { unreadCount: 3 }));
    expect(totalUnread(start)).toBe(2);
    // Conversations beyond the loaded page count too.
    const [page] = start.pages;
    if (page) expect(totalUnread({ ...start, pages: [{ ...page, unreadTotal: 7 }] })).toBe(7);
    expect(totalUnread(undefined)).toBe(0);
  });

  it('keeps unreadTotal in step with new messages, reads and leaving', () => {
    let current: ConversationList | undefined = list(
      conv('a', { lastMessage: msg('1', BOB, 'a') }),
      conv('b', { unreadCount: 1 }),
    );
    expect(totalUnread(current)).toBe(1);
    current = applyMessageToList(current, msg('2', BOB, 'a'), ME).list;
    expect(totalUnread(current)).toBe(2);
    current = applyMessageToList(current, msg('3', BOB, 'a'), ME).list;
    expect(totalUnread(current)).toBe(2); // the same conversation again
    current = applyReadToList(current, { conversationId: 'a', userId: ME, messageId: '3' }, ME);
    expect(totalUnread(current)).toBe(1);
    current = applyMessageToList(current, msg('4', ME, 'a'), ME).list;
    expect(totalUnread(current)).toBe(1); // my own message: nothing new
    current = removeConversation(current, 'b');
    expect(totalUnread(current)).toBe(0);
  });

  it('merges stored read markers with live ones, the further one winning', () => {
    const c = conv('c1', {
      participants: [
        { ...participant(ME, 'ada'), lastReadMessageId: '9' },
        { ...participant(BOB, 'bob'), lastReadMessageId: '5' },
      ],
    });
    expect(mergeReadMarkers(c, undefined)).toEqual({ [ME]: '9', [BOB]: '5' });
    expect(mergeReadMarkers(c, { [BOB]: '12' })).toEqual({ [ME]: '9', [BOB]: '12' });
    expect(mergeReadMarkers(c, { [BOB]: '3' })).toEqual({ [ME]: '9', [BOB]: '5' });
    expect(mergeReadMarkers(undefined, undefined)).toBeUndefined();
    // "Seen" right after a reload, before any live event.
    const messages = [msg('4', ME), msg('5', ME)];
    expect(seenMessageId(messages, mergeReadMarkers(c, undefined), ME)).toBe('5');
  });
});

describe('typing', () => {
  it('shows a typer for 5 s and stops when their message arrives', () => {
    const state = applyTyping(undefined, { id: BOB, username: 'bob' }, 1_000);
    expect(typingNames(state, 5_999, ME)).toEqual(['bob']);
    expect(typingNames(state, 6_001, ME)).toEqual([]);
    expect(typingNames(clearTyping(state, BOB), 2_000, ME)).toEqual([]);
  });
});

describe('prependNotification', () => {
  const n = (id: string): Notification => ({
    id,
    type: 'follow',
    actor: makeUser(),
    post: null,
    comment: null,
    createdAt: '2026-11-25T10:00:00.000Z',
    read: false,
  });

  it('adds a new notification on top once, with the unread count', () => {
    const start: NotificationList = {
      pages: [{ items: [n('1')], nextCursor: null, unreadCount: 0 }],
      pageParams: [null],
    };
    const once = prependNotification(start, n('2'), 1);
    const twice = prependNotification(once, n('2'), 1);
    expect(twice?.pages[0]?.items.map((x) => x.id)).toEqual(['2', '1']);
    expect(twice?.pages[0]?.unreadCount).toBe(1);
  });
});
