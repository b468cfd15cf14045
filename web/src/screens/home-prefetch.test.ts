import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '#/state/queryClient';
import { homeFeedQuery } from '#/state/queries/feed';
import { jsonResponse, makePost } from '#/test/utils';
import { prefetchHomeFeed } from './home-prefetch';

afterEach(() => {
  vi.unstubAllGlobals();
  document.head.querySelectorAll('link[rel=preload]').forEach((link) => link.remove());
});

function stubFetch() {
  const fetchMock = vi.fn(async (_input: RequestInfo | URL) =>
    jsonResponse(200, { items: [makePost({ id: '2' })], nextCursor: null }),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

describe('prefetchHomeFeed', () => {
  it("takes the boot script's first page instead of asking again (it preloaded the photo)", async () => {
    const fetchMock = stubFetch();
    const queryClient = createQueryClient();
    const page = { items: [makePost({ id: '1' })], nextCursor: 'c1' };
    await prefetchHomeFeed(queryClient, Promise.resolve(jsonResponse(200, page)));
    expect(fetchMock).not.toHaveBeenCalled();
    expect(queryClient.getQueryData(homeFeedQuery.queryKey)?.pages).toEqual([page]);
    expect(document.head.querySelector('link[rel=preload][as=image]')).toBeNull();
  });

  it('a home screen mounting meanwhile joins that request rather than asking again', async () => {
    const fetchMock = stubFetch();
    const queryClient = createQueryClient();
    let answer: (response: Response) => void = () => undefined;
    const started = new Promise<Response>((resolve) => (answer = resolve));
    const prefetch = prefetchHomeFeed(queryClient, started);
    // What useHomeFeed does on mount: the query is already fetching.
    const screen = queryClient.fetchInfiniteQuery(homeFeedQuery);
    answer(jsonResponse(200, { items: [makePost({ id: '1' })], nextCursor: null }));
    await Promise.all([prefetch, screen]);
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('asks itself when the boot script did not (and preloads the first photo)', async () => {
    const fetchMock = stubFetch();
    const queryClient = createQueryClient();
    await prefetchHomeFeed(queryClient, Promise.resolve(null));
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(String(fetchMock.mock.calls[0]?.[0])).toBe('/api/v1/feed?limit=10');
    const link = document.head.querySelector<HTMLLinkElement>('link[rel=preload][as=image]');
    expect(link?.getAttribute('href')).toBe('/media/a.jpg');
  });
});
