// Every cached copy of a post (its page, the home feed, explore, tag pages,
// profile grids) is updated together, so a like or a new comment count shows
// everywhere at once, and a deleted post leaves every list.
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { Post } from '#/lib/api/types';

type PostPage = { items: Post[]; nextCursor: string | null };

/** The query keys whose data holds posts: every feed, and everything under 'posts'. */
const POST_HOLDING_KEYS = [['feed'], ['posts']] as const;

function isPost(value: unknown): value is Post {
  return (
    typeof value === 'object' &&
    value !== null &&
    'id' in value &&
    'media' in value &&
    'likedByMe' in value &&
    'author' in value
  );
}

function isInfinite(value: unknown): value is InfiniteData<PostPage> {
  return typeof value === 'object' && value !== null && 'pages' in value && Array.isArray(value.pages);
}

function cachedEntries(queryClient: QueryClient) {
  return POST_HOLDING_KEYS.flatMap((queryKey) => queryClient.getQueriesData<unknown>({ queryKey }));
}

export function updateCachedPost(
  queryClient: QueryClient,
  postId: string,
  update: (post: Post) => Post,
): void {
  for (const [key, data] of cachedEntries(queryClient)) {
    if (isPost(data)) {
      if (data.id === postId) queryClient.setQueryData(key, update(data));
    } else if (isInfinite(data)) {
      let changed = false;
      const pages = data.pages.map((page) => ({
        ...page,
        items: page.items.map((item) => {
          if (!isPost(item) || item.id !== postId) return item;
          changed = true;
          return update(item);
        }),
      }));
      if (changed) queryClient.setQueryData(key, { ...data, pages });
    }
  }
}

/** Takes a deleted post out of every cached list, and drops its own page. */
export function removeCachedPost(queryClient: QueryClient, postId: string): void {
  for (const [key, data] of cachedEntries(queryClient)) {
    if (isInfinite(data)) {
      let changed = false;
      const pages = data.pages.map((page) => {
        const items = page.items.filter((item) => !(isPost(item) && item.id === postId));
        if (items.length !== page.items.length) changed = true;
        return { ...page, items };
      });
      if (changed) queryClient.setQueryData(key, { ...data, pages });
    }
  }
}

/** A copy of the post from any list already loaded, so its page can show at once. */
export function findCachedPost(queryClient: QueryClient, postId: string): Post | undefined {
  for (const [, data] of cachedEntries(queryClient)) {
    if (isPost(data) && data.id === postId) return data;
    if (isInfinite(data)) {
      for (const page of data.pages) {
        const found = page.items.find((item) => isPost(item) && item.id === postId);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** Puts a new post at the top of a cached feed (when that feed is loaded; otherwise it loads fresh). */
export function prependPost(
  data: InfiniteData<PostPage> | undefined,
  post: Post,
): InfiniteData<PostPage> | undefined {
  if (!data || data.pages.length === 0) return data;
  const [first, ...rest] = data.pages;
  if (!first) return data;
  if (first.items.some((item) => item.id === post.id)) return data;
  return { ...data, pages: [{ ...first, items: [post, ...first.items] }, ...rest] };
}

/** What the like button shows right away. */
export function optimisticLike(post: Post, liked: boolean): Post {
  if (post.likedByMe === liked) return post;
  return { ...post, likedByMe: liked, likeCount: Math.max(0, post.likeCount + (liked ? 1 : -1)) };
}

/**
 * What an edit changes in a cached copy: the caption, the alt texts and the
 * edited mark, from the server's answer. Likes, saves and counts stay as the
 * copy has them, so a like still in flight is not undone by the edit's answer.
 */
export function withEdit(cached: Post, edited: Post): Post {
  return {
    ...cached,
    caption: edited.caption,
    editedAt: edited.editedAt ?? null,
    media: cached.media.map((media, index) => ({ ...media, alt: edited.media[index]?.alt ?? media.alt })),
  };
}
