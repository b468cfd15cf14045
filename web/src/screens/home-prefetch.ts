import type { QueryClient } from '@tanstack/react-query';
import { preload } from 'react-dom';
import { POST_PHOTO_SIZES, srcSetOf } from '#/lib/media';
import { homeFeedQuery } from '#/state/queries/feed';

/**
 * The home feed's first page, asked for as soon as the session is known rather
 * than once the home screen has rendered, and its first photo (the page's largest
 * paint) preloaded the moment the page arrives. Called by main.tsx on a first
 * load of `/` by a signed-in visitor.
 */
export async function prefetchHomeFeed(queryClient: QueryClient): Promise<void> {
  await queryClient.prefetchInfiniteQuery(homeFeedQuery);
  const feed = queryClient.getQueryData(homeFeedQuery.queryKey);
  const photo = feed?.pages[0]?.items[0]?.media[0];
  if (!photo) return;
  const imageSrcSet = srcSetOf(photo);
  preload(photo.url, {
    as: 'image',
    fetchPriority: 'high',
    ...(imageSrcSet ? { imageSrcSet, imageSizes: POST_PHOTO_SIZES } : {}),
  });
}
