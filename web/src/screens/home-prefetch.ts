import type { QueryClient } from '@tanstack/react-query';
import { takeOnce } from '#/boot/handoff';
import { preloadPostPhoto } from '#/lib/media';
import { fetchHomeFeedPage, homeFeedQuery } from '#/state/queries/feed';

/**
 * The home feed's first page, asked for as soon as the session is known rather
 * than once the home screen has rendered, and its first photo (the page's largest
 * paint) preloaded the moment the page arrives. Called by main.tsx on a first
 * load of `/` by a signed-in visitor, with the boot script's request for that
 * page when it made one (the boot script then preloads the photo itself).
 */
export async function prefetchHomeFeed(
  queryClient: QueryClient,
  started?: Promise<Response | null>,
): Promise<void> {
  const bootRequest = takeOnce(started);
  let adopted = false;
  // WARNING: the query must be fetching from this call on, not after awaiting the boot
  // script's request: a home screen that mounted meanwhile would ask for the page again.
  await queryClient.prefetchInfiniteQuery({
    ...homeFeedQuery,
    queryFn: async ({ pageParam }) => {
      const response = pageParam === null ? await bootRequest()?.catch(() => null) : null;
      adopted = Boolean(response);
      return fetchHomeFeedPage(pageParam, response ? Promise.resolve(response) : undefined);
    },
  });
  if (adopted) return;
  const feed = queryClient.getQueryData(homeFeedQuery.queryKey);
  const photo = feed?.pages[0]?.items[0]?.media[0];
  if (photo) preloadPostPhoto(photo);
}
