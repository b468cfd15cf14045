import { useInfiniteQuery } from '@tanstack/react-query';
import { savedApi } from '#/lib/api/endpoints';
import { STALE } from '#/state/queryClient';

/**
 * Under 'feed' on purpose: cache/post-shadow.ts updates every post under
 * 'feed', so unsaving a post anywhere flips `savedByMe` in this list too.
 */
export const savedKeys = {
  list: () => ['feed', 'saved'] as const,
};

/** The caller's saved posts, newest save first. */
export function useSavedPosts() {
  return useInfiniteQuery({
    queryKey: savedKeys.list(),
    queryFn: ({ pageParam }) => savedApi.list({ cursor: pageParam, limit: 24 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: STALE.SECONDS.THIRTY,
  });
}
