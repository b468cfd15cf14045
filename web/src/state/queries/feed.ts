import { useInfiniteQuery } from '@tanstack/react-query';
import { feedApi } from '#/lib/api/endpoints';
import { STALE } from '#/state/queryClient';

export const feedKeys = {
  all: ['feed'] as const,
  home: () => ['feed', 'home'] as const,
};

export function useHomeFeed() {
  return useInfiniteQuery({
    queryKey: feedKeys.home(),
    queryFn: ({ pageParam }) => feedApi.home({ cursor: pageParam, limit: 10 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: STALE.MINUTES.ONE,
  });
}
