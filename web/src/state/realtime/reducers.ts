// Pure functions that fold real-time events and catch-up pages into the cached
// shapes of TanStack Query. No I/O here: socket.ts calls them through
// setQueryData, and the tests call them directly.
import type { InfiniteData } from '@tanstack/react-query';
import type {
  Conversation,
  ConversationPage,
  Message,
  MessagePage,
  Notification,
  NotificationPage,
} from '#/lib/api/types';

export type ConversationList = InfiniteData<ConversationPage>;
export type Thread = InfiniteData<MessagePage>;
export type NotificationList = InfiniteData<NotificationPage>;

/** Read markers of a conversation's members: userId → the newest message id they read. */
export type ReadMarkers = Record<string, string>;

/**
 * Orders message ids. They are decimal strings that grow in commit order; a
 * shorter one is smaller (comparing as text alone would put "9" after "10").
 */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The newest message of a thread (pages newest first, items newest first), if any. */
export function newestMessageId(thread: Thread | undefined): string | null {
  for (const page of thread?.pages ?? []) {
    const first = page.items[0];
    if (first) return first.id;
  }
  return null;
}

/**
 * Adds messages to the front of a thread, newest first, skipping ids it
 * already holds: the same message may come from message:new, the ack of a
 * send and a catch-up page, in any order.
 */
export function mergeNewMessages(thread: Thread | undefined, incoming: Message[]): Thread | undefined {
  if (!thread || thread.pages.length === 0) return thread;
  const known = new Set<string>();
  for (const page of thread.pages) for (const message of page.items) known.add(message.id);
  const fresh = new Map<string, Message>();
  for (const message of incoming) if (!known.has(message.id)) fresh.set(message.id, message);
  if (fresh.size === 0) return thread;
  const [first, ...rest] = thread.pages as [MessagePage, ...MessagePage[]];
  // A late arrival may be older than something the first page holds: sort the page as a whole.
  const items = [...fresh.values(), ...first.items].sort((x, y) => compareIds(y.id, x.id));
  return { ...thread, pages: [{ ...first, items }, ...rest] };
}

/** Every message of a thread, oldest first, for display. */
export function threadOldestFirst(thread: Thread | undefined): Message[] {
  const out: Message[] = [];
  const seen = new Set<string>();
  for (const page of thread?.pages ?? [])
    for (const message of page.items) {
      if (seen.has(message.id)) continue;
      seen.add(message.id);
      out.push(message);
    }
  return out.sort((x, y) => compareIds(x.id, y.id));
}

function mapConversations(
  list: ConversationList,
  update: (conversation: Conversation) => Conversation,
): ConversationList {
  let changed = false;
  const pages = list.pages.map((page) => {
    let pageChanged = false;
    const items = page.items.map((conversation) => {
      const next = update(conversation);
      if (next !== conversation) pageChanged = true;
      return next;
    });
    if (!pageChanged) return page;
    changed = true;
    return { ...page, items };
  });
  return changed ? { ...list, pages } : list;
}

/** Moves one conversation to the top of the list (latest activity first), replacing it. */
function moveToTop(list: ConversationList, conversation: Conversation): ConversationList {
  const pages = list.pages.map((page) => ({
    ...page,
    items: page.items.filter((item) => item.id !== conversation.id),
  }));
  const [first, ...rest] = pages;
  if (!first) return list;
  return { ...list, pages: [{ ...first, items: [conversation, ...first.items] }, ...rest] };
}

export function findConversation(list: ConversationList | undefined, id: string): Conversation | undefined {
  for (const page of list?.pages ?? []) {
    const found = page.items.find((item) => item.id === id);
    if (found) return found;
  }
  return undefined;
}

/**
 * message:new in the inbox: the conversation shows it as its last message,
 * counts it unread when someone else sent it, and moves to the top. `known`
 * is false when the conversation is not in the list (a new one): the caller
 * then refetches the list.
 */
export function applyMessageToList(
  list: ConversationList | undefined,
  message: Message,
  myId: string,
): { list: ConversationList | undefined; known: boolean } {
  if (!list) return { list, known: true };
  const current = findConversation(list, message.conversationId);
  if (!current) return { list, known: false };
  // Already counted (a repeat, or the catch-up after a live delivery).
  if (current.lastMessage && compareIds(current.lastMessage.id, message.id) >= 0)
    return { list, known: true };
  const fromOther = message.sender.id !== myId;
  const updated: Conversation = {
    ...current,
    lastMessage: message,
    // My own message means I have read everything before it.
    unreadCount: fromOther ? current.unreadCount + 1 : 0,
    updatedAt: message.createdAt,
  };
  return { list: adjustUnreadTotal(moveToTop(list, updated), current, updated), known: true };
}

/** message:read in the inbox: my own marker moving clears the unread count (on every device). */
export function applyReadToList(
  list: ConversationList | undefined,
  event: { conversationId: string; userId: string; messageId: string },
  myId: string,
): ConversationList | undefined {
  if (!list || event.userId !== myId) return list;
  const current = findConversation(list, event.conversationId);
  if (!current || current.unreadCount === 0) return list;
  const last = current.lastMessage;
  // Read up to an older message than the last one: something may be left; the list refetch says how much.
  if (last && compareIds(event.messageId, last.id) < 0) return list;
  const read = { ...current, unreadCount: 0 };
  return adjustUnreadTotal(
    mapConversations(list, (conversation) => (conversation.id === current.id ? read : conversation)),
    current,
    read,
  );
}

/**
 * Keeps the first page's `unreadTotal` (conversations with unread messages,
 * over the whole inbox as the server counted it) in step with one
 * conversation's change from `before` to `after`.
 */
function adjustUnreadTotal(
  list: ConversationList,
  before: Conversation | undefined,
  after: Conversation | undefined,
): ConversationList {
  const delta = Number((after?.unreadCount ?? 0) > 0) - Number((before?.unreadCount ?? 0) > 0);
  const [first, ...rest] = list.pages;
  if (delta === 0 || !first) return list;
  return { ...list, pages: [{ ...first, unreadTotal: Math.max(0, first.unreadTotal + delta) }, ...rest] };
}

/** message:read for the receipts: markers only move forward. */
export function applyReadMarker(
  markers: ReadMarkers | undefined,
  userId: string,
  messageId: string,
): ReadMarkers {
  const current = markers?.[userId];
  if (current && compareIds(current, messageId) >= 0) return markers ?? {};
  return { ...markers, [userId]: messageId };
}

/**
 * The id of my newest message that some other member has read, for "Seen".
 * `messages` oldest first.
 */
export function seenMessageId(
  messages: Message[],
  markers: ReadMarkers | undefined,
  myId: string,
): string | null {
  if (!markers) return null;
  const lastOwn = [...messages].reverse().find((message) => message.sender.id === myId);
  if (!lastOwn) return null;
  const read = Object.entries(markers).some(
    ([userId, messageId]) => userId !== myId && compareIds(messageId, lastOwn.id) >= 0,
  );
  return read ? lastOwn.id : null;
}

/** presence: every copy of that user among the participants of cached conversations. */
export function applyPresence(
  list: ConversationList | undefined,
  event: { userId: string; online: boolean; lastSeenAt: string | null },
): ConversationList | undefined {
  if (!list) return list;
  return mapConversations(list, (conversation) => {
    if (!conversation.participants.some((p) => p.id === event.userId)) return conversation;
    return {
      ...conversation,
      participants: conversation.participants.map((p) =>
        p.id === event.userId
          ? { ...p, online: event.online, lastSeenAt: event.lastSeenAt ?? p.lastSeenAt }
          : p,
      ),
    };
  });
}

/**
 * conversation:updated (created, members added or left): replace or add it.
 * The event's unreadCount is 0 and follow flags are false by design, so the
 * cached ones are kept.
 */
export function applyConversationUpdate(
  list: ConversationList | undefined,
  conversation: Conversation,
): ConversationList | undefined {
  if (!list) return list;
  const current = findConversation(list, conversation.id);
  if (!current) return moveToTop(list, conversation);
  const byId = new Map(current.participants.map((p) => [p.id, p]));
  const merged: Conversation = {
    ...conversation,
    unreadCount: current.unreadCount,
    participants: conversation.participants.map((p) => {
      const old = byId.get(p.id);
      return old ? { ...p, followedByMe: old.followedByMe, requestedByMe: old.requestedByMe } : p;
    }),
  };
  return mapConversations(list, (item) => (item.id === conversation.id ? merged : item));
}

/** Removes a conversation (after leaving it). */
export function removeConversation(
  list: ConversationList | undefined,
  id: string,
): ConversationList | undefined {
  if (!list) return list;
  const removed = findConversation(list, id);
  const next = {
    ...list,
    pages: list.pages.map((page) => ({ ...page, items: page.items.filter((c) => c.id !== id) })),
  };
  return adjustUnreadTotal(next, removed, undefined);
}

/**
 * The nav badge: how many conversations have unread messages. The server
 * counts the whole inbox (`unreadTotal`, so it is right before any socket
 * event and beyond the pages loaded); the reducers above keep it in step.
 */
export function totalUnread(list: ConversationList | undefined): number {
  return list?.pages[0]?.unreadTotal ?? 0;
}

/**
 * Read markers as the server stored them (each participant's
 * `lastReadMessageId`), merged with those live events moved since: the
 * further one wins, so "Seen" survives a reload and still moves live.
 */
export function mergeReadMarkers(
  conversation: Conversation | undefined,
  live: ReadMarkers | undefined,
): ReadMarkers | undefined {
  let markers = live;
  for (const participant of conversation?.participants ?? []) {
    if (participant.lastReadMessageId) {
      markers = applyReadMarker(markers, participant.id, participant.lastReadMessageId);
    }
  }
  return markers;
}

/** notification:new: at the top of the cached list, once. */
export function prependNotification(
  list: NotificationList | undefined,
  notification: Notification,
  unreadCount: number,
): NotificationList | undefined {
  if (!list || list.pages.length === 0) return list;
  const known = list.pages.some((page) => page.items.some((item) => item.id === notification.id));
  const [first, ...rest] = list.pages as [NotificationPage, ...NotificationPage[]];
  const items = known
    ? first.items.map((item) => (item.id === notification.id ? notification : item))
    : [notification, ...first.items.filter((item) => item.id !== notification.id)];
  return { ...list, pages: [{ ...first, items, unreadCount }, ...rest] };
}

/** Who is typing in one conversation: userId → until when (ms since epoch) to show it. */
export type TypingState = Record<string, { username: string; until: number }>;

export const TYPING_SHOW_MS = 5_000;

export function applyTyping(
  state: TypingState | undefined,
  user: { id: string; username: string },
  now: number,
) {
  return { ...state, [user.id]: { username: user.username, until: now + TYPING_SHOW_MS } };
}

/** A message from someone ends their "typing…" at once. */
export function clearTyping(state: TypingState | undefined, userId: string): TypingState | undefined {
  if (!state?.[userId]) return state;
  return Object.fromEntries(Object.entries(state).filter(([id]) => id !== userId));
}

export function typingNames(state: TypingState | undefined, now: number, myId: string): string[] {
  return Object.entries(state ?? {})
    .filter(([userId, entry]) => userId !== myId && entry.until > now)
    .map(([, entry]) => entry.username);
}
