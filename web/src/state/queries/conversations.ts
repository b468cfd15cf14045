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

/**
 * One conversation: from the inbox when it is cached there (live events keep
 * that copy fresh), else fetched by id — a thread opened by link (a fresh
 * load of /messages/123, or a conversation past the first page).
 */
export function useConversation(id: string) {
  const list = useConversations();
  const listed = findConversation(list.data, id);
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
