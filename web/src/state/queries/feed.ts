import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { HOME_FEED_PAGE_SIZE } from '#/boot/handoff';
import { feedApi } from '#/lib/api/endpoints';
import { STALE } from '#/state/queryClient';

/** Every list of posts lives under 'feed' or 'posts' (see cache/post-shadow.ts). */
export const feedKeys = {
  all: ['feed'] as const,
  home: () => ['feed', 'home'] as const,
  explore: () => ['feed', 'explore'] as const,
  tag: (tag: string) => ['feed', 'tag', tag.toLowerCase()] as const,
};

/**
 * One page of the home feed. `started`: the boot script's request for the
 * first page (boot/first-load.ts asks for the same page size).
 */
export function fetchHomeFeedPage(cursor: string | null, started?: Promise<Response>) {
  return feedApi.home({ cursor, limit: HOME_FEED_PAGE_SIZE }, started);
}

/**
 * The home feed's query, shared by the screen and by the prefetch main.tsx
 * starts on a first load of `/` (screens/home-prefetch.ts): one definition, so
 * the screen finds the prefetched first page instead of asking again.
 */
export const homeFeedQuery = infiniteQueryOptions({
  queryKey: feedKeys.home(),
  queryFn: ({ pageParam }) => fetchHomeFeedPage(pageParam),
  initialPageParam: null as string | null,
  getNextPageParam: (last) => last.nextCursor,
  staleTime: STALE.MINUTES.ONE,
});

export function useHomeFeed() {
  return useInfiniteQuery(homeFeedQuery);
}

/** Explore: the server keeps the ranking's time in the cursor, so later pages never drift. */
export function useExploreFeed() {
  return useInfiniteQuery({
    queryKey: feedKeys.explore(),
    queryFn: ({ pageParam }) => feedApi.explore({ cursor: pageParam, limit: 24 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: STALE.MINUTES.ONE,
  });
}

export function useTagFeed(tag: string) {
  return useInfiniteQuery({
    queryKey: feedKeys.tag(tag),
    queryFn: ({ pageParam }) => feedApi.tag(tag, { cursor: pageParam, limit: 24 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: STALE.SECONDS.THIRTY,
    enabled: tag.length > 0,
  });
}
