import { type InfiniteData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { followRequestsApi } from '#/lib/api/endpoints';
import type { UserPage } from '#/lib/api/types';
import { STALE } from '#/state/queryClient';
import { notificationKeys } from './notifications';
import { sessionKeys } from './session';

export const followRequestKeys = {
  all: ['follow-requests'] as const,
  list: () => ['follow-requests', 'list'] as const,
};

export function useFollowRequests() {
  return useInfiniteQuery({
    queryKey: followRequestKeys.list(),
    queryFn: ({ pageParam }) => followRequestsApi.list({ cursor: pageParam, limit: 20 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: STALE.SECONDS.FIFTEEN,
  });
}

/** Removes one requester from the cached list (after accept or decline). */
export function withoutRequester(
  data: InfiniteData<UserPage> | undefined,
  userId: string,
): InfiniteData<UserPage> | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({ ...page, items: page.items.filter((user) => user.id !== userId) })),
  };
}

export function useAnswerFollowRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, accept }: { userId: string; accept: boolean }) =>
      accept ? followRequestsApi.accept(userId) : followRequestsApi.decline(userId),
    onSuccess: (_data, { userId, accept }) => {
      queryClient.setQueryData<InfiniteData<UserPage>>(followRequestKeys.list(), (data) =>
        withoutRequester(data, userId),
      );
      if (accept) {
        void queryClient.invalidateQueries({ queryKey: sessionKeys.me });
        void queryClient.invalidateQueries({ queryKey: ['users'] });
      }
      // Accepting turns the follow_request notification into a follow one.
      void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
    },
  });
}
