import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { conversationsApi } from '#/lib/api/endpoints';
import type { Conversation } from '#/lib/api/types';
import {
  applyConversationUpdate,
  type ConversationList,
  findConversation,
  type ReadMarkers,
  removeConversation,
  totalUnread,
  type TypingState,
} from '#/state/realtime/reducers';
import { STALE } from '#/state/queryClient';

export const conversationKeys = {
  all: ['conversations'] as const,
  list: () => ['conversations', 'list'] as const,
  // Message requests: their own key, so the inbox's live reducers never touch them.
  requests: () => ['conversations', 'requests'] as const,
  detail: (id: string) => ['conversations', 'detail', id] as const,
  thread: (id: string) => ['conversations', 'thread', id] as const,
  // Live-only state kept in the cache so every screen sees the same: never fetched.
  reads: (id: string) => ['conversations', 'reads', id] as const,
  typing: (id: string) => ['conversations', 'typing', id] as const,
};

export function useConversations(enabled = true) {
  return useInfiniteQuery({
    queryKey: conversationKeys.list(),
    queryFn: ({ pageParam }) => conversationsApi.list({ cursor: pageParam, limit: 20 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: STALE.SECONDS.THIRTY,
    enabled,
  });
}

/** Message requests: conversations started by people I do not follow, until I accept or reply. */
export function useRequests(enabled = true) {
  return useInfiniteQuery({
    queryKey: conversationKeys.requests(),
    queryFn: ({ pageParam }) => conversationsApi.list({ cursor: pageParam, limit: 20 }, 'requests'),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: STALE.SECONDS.THIRTY,
    enabled,
  });
}

/** Whether a conversation waits in my requests. */
export function isRequest(conversation: Conversation | undefined): boolean {
  return conversation?.isRequest === true;
}

/** How many requests wait (every conversation page says so, whichever folder). */
export function requestCountOf(list: ConversationList | undefined): number {
  return list?.pages[0]?.requestCount ?? 0;
}

/**
 * One conversation: from the inbox when it is cached there (live events keep
 * that copy fresh), else fetched by id — a thread opened by link (a fresh
 * load of /messages/123, or a conversation past the first page).
 */
export function useConversation(id: string) {
  const list = useConversations();
  // A request is in its own list (only read from the cache here, never fetched for this).
  const requests = useRequests(false);
  const listed = findConversation(list.data, id) ?? findConversation(requests.data, id);
  const single = useQuery({
    queryKey: conversationKeys.detail(id),
    queryFn: () => conversationsApi.get(id),
    enabled: !listed,
    staleTime: STALE.SECONDS.THIRTY,
  });
  return { conversation: listed ?? single.data, error: listed ? null : single.error };
}

/**
 * Conversations with unread messages (the server's count over the whole inbox),
 * for the nav badge; 0 until `enabled` (the inbox may be cached already).
 */
export function useUnreadMessages(enabled = true): number {
  const { data } = useConversations(enabled);
  return totalUnread(data as ConversationList | undefined);
}

export function useThread(id: string) {
  return useInfiniteQuery({
    queryKey: conversationKeys.thread(id),
    queryFn: ({ pageParam }) => conversationsApi.messages(id, { cursor: pageParam, limit: 30 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // Live events and the catch-up on reconnect keep it fresh: refetching would drop older pages' order.
    staleTime: STALE.INFINITY,
  });
}

function useLocalState<T>(key: readonly unknown[]) {
  return useQuery<T | undefined>({
    queryKey: key,
    queryFn: () => undefined,
    enabled: false,
    staleTime: STALE.INFINITY,
  }).data;
}

export function useReadMarkers(id: string): ReadMarkers | undefined {
  return useLocalState<ReadMarkers>(conversationKeys.reads(id));
}

export function useTyping(id: string): TypingState | undefined {
  return useLocalState<TypingState>(conversationKeys.typing(id));
}

export function useCreateConversation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ usernames, title }: { usernames: string[]; title?: string }) =>
      conversationsApi.create(usernames, title),
    onSuccess: (conversation) => storeConversation(queryClient, conversation),
  });
}

export function useAddMembers(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (usernames: string[]) => conversationsApi.addMembers(id, usernames),
    onSuccess: (conversation) => storeConversation(queryClient, conversation),
  });
}

function forgetConversation(queryClient: ReturnType<typeof useQueryClient>, id: string) {
  for (const key of [conversationKeys.list(), conversationKeys.requests()]) {
    queryClient.setQueryData<ConversationList>(key, (list) => removeConversation(list, id));
  }
  queryClient.removeQueries({ queryKey: conversationKeys.thread(id) });
  queryClient.removeQueries({ queryKey: conversationKeys.detail(id) });
}

/** Accepts a request: it moves to the inbox, and the sender starts seeing my presence and reads. */
export function useAcceptRequest(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => conversationsApi.accept(id),
    onSuccess: () => {
      queryClient.setQueryData<Conversation>(conversationKeys.detail(id), (single) =>
        single ? { ...single, isRequest: false } : single,
      );
      queryClient.setQueryData<ConversationList>(conversationKeys.requests(), (list) =>
        removeConversation(list, id),
      );
      void queryClient.invalidateQueries({ queryKey: conversationKeys.list() });
      void queryClient.invalidateQueries({ queryKey: conversationKeys.requests() });
    },
  });
}

/** Removes a conversation from my lists (a request: declined; the sender is not told). */
export function useDeleteConversation(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => conversationsApi.remove(id),
    onSuccess: () => {
      forgetConversation(queryClient, id);
      void queryClient.invalidateQueries({ queryKey: conversationKeys.requests() });
    },
  });
}

export function useLeaveConversation(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => conversationsApi.leave(id),
    onSuccess: () => {
      queryClient.setQueryData<ConversationList>(conversationKeys.list(), (list) =>
        removeConversation(list, id),
      );
      queryClient.removeQueries({ queryKey: conversationKeys.thread(id) });
      queryClient.removeQueries({ queryKey: conversationKeys.detail(id) });
    },
  });
}

function storeConversation(queryClient: ReturnType<typeof useQueryClient>, conversation: Conversation) {
  const list = queryClient.getQueryData<ConversationList>(conversationKeys.list());
  if (list) {
    queryClient.setQueryData<ConversationList>(
      conversationKeys.list(),
      applyConversationUpdate(list, conversation),
    );
  } else {
    void queryClient.invalidateQueries({ queryKey: conversationKeys.list() });
  }
}
