import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import { preload } from 'react-dom';
import { feedApi } from '#/lib/api/endpoints';
import type { PostPage } from '#/lib/api/types';
import { POST_PHOTO_SIZES, srcSetOf } from '#/lib/media';
import { feedKeys } from '#/state/queries/feed';
import { STALE } from '#/state/queryClient';

/**
 * The home feed's first page, asked for as soon as the session is known rather
 * than once the home screen has rendered, and its first photo (the page's largest
 * paint) preloaded the moment the page arrives. Called by main.tsx on a first
 * load of `/` by a signed-in visitor.
 *
 * WARNING: the same key, function and first page as useHomeFeed()
 * (state/queries/feed.ts), or the home screen fetches the feed a second time.
 */
export async function prefetchHomeFeed(queryClient: QueryClient): Promise<void> {
  await queryClient.prefetchInfiniteQuery({
    queryKey: feedKeys.home(),
    queryFn: ({ pageParam }) => feedApi.home({ cursor: pageParam, limit: 10 }),
    initialPageParam: null as string | null,
    staleTime: STALE.MINUTES.ONE,
  });
  const feed = queryClient.getQueryData<InfiniteData<PostPage, string | null>>(feedKeys.home());
  const photo = feed?.pages[0]?.items[0]?.media[0];
  if (!photo) return;
  const imageSrcSet = srcSetOf(photo);
  preload(photo.url, {
    as: 'image',
    fetchPriority: 'high',
    ...(imageSrcSet ? { imageSrcSet, imageSizes: POST_PHOTO_SIZES } : {}),
  });
}
