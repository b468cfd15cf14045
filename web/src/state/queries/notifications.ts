import {
  type InfiniteData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { notificationsApi } from '#/lib/api/endpoints';
import type { NotificationPage } from '#/lib/api/types';
import { STALE } from '#/state/queryClient';

export const notificationKeys = {
  all: ['notifications'] as const,
  list: () => ['notifications', 'list'] as const,
  unread: () => ['notifications', 'unread'] as const,
};

/** How often the unread badge asks, while the real-time channel is not connected. */
export const UNREAD_POLL_MS = 30_000;

export function useNotifications() {
  return useInfiniteQuery({
    queryKey: notificationKeys.list(),
    queryFn: ({ pageParam }) => notificationsApi.list({ cursor: pageParam, limit: 20 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: STALE.SECONDS.FIFTEEN,
  });
}

export function useUnreadCount(enabled: boolean, pollMs: number | false = UNREAD_POLL_MS) {
  return useQuery({
    queryKey: notificationKeys.unread(),
    queryFn: async () => (await notificationsApi.list({ limit: 1 })).unreadCount,
    staleTime: STALE.SECONDS.FIFTEEN,
    refetchInterval: pollMs,
    enabled,
  });
}

/** Marks every cached notification (up to `upTo`, if given) read. */
export function markCachedRead(
  data: InfiniteData<NotificationPage> | undefined,
): InfiniteData<NotificationPage> | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      unreadCount: 0,
      items: page.items.map((item) => (item.read ? item : { ...item, read: true })),
    })),
  };
}

export function useMarkNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (upTo?: string) => notificationsApi.markRead(upTo),
    onSuccess: (_data, upTo) => {
      if (upTo) {
        // What the list shows stays as it was (the unread dots) until the next visit; the count goes.
        queryClient.setQueryData<InfiniteData<NotificationPage>>(notificationKeys.list(), (data) =>
          data ? { ...data, pages: data.pages.map((page) => ({ ...page, unreadCount: 0 })) } : data,
        );
      } else {
        queryClient.setQueryData<InfiniteData<NotificationPage>>(notificationKeys.list(), markCachedRead);
      }
      queryClient.setQueryData(notificationKeys.unread(), 0);
      void queryClient.invalidateQueries({ queryKey: notificationKeys.unread() });
    },
  });
}
