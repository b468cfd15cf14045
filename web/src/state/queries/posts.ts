import {
  type InfiniteData,
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useCallback } from 'react';
import { postsApi } from '#/lib/api/endpoints';
import type { Comment, CommentPage, LikeState, Post, PostEdit, SaveState } from '#/lib/api/types';
import { savedKeys } from './saved';
import { type NewPostForm, type UploadProgress, uploadPost } from '#/lib/api/upload';
import { createToggleQueue, type ToggleQueue } from '#/lib/hooks/toggle-queue';
import {
  findCachedPost,
  optimisticLike,
  prependPost,
  removeCachedPost,
  updateCachedPost,
  withEdit,
} from '#/state/cache/post-shadow';
import { STALE } from '#/state/queryClient';
import { feedKeys } from './feed';
import { userKeys } from './profile';
import { sessionKeys } from './session';

export const postKeys = {
  all: ['posts'] as const,
  detail: (id: string) => ['posts', 'detail', id] as const,
};

/** Comments are not posts: their own root key, so the post shadow never walks them. */
export const commentKeys = {
  all: ['comments'] as const,
  list: (postId: string) => ['comments', postId] as const,
};

export const COMMENT_PAGE_SIZE = 20;

export function usePost(id: string) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: postKeys.detail(id),
    queryFn: () => postsApi.get(id),
    // A post opened from a feed shows at once; the fresh copy replaces it.
    placeholderData: () => findCachedPost(queryClient, id),
    staleTime: STALE.SECONDS.THIRTY,
  });
}

// ---------------------------------------------------------------------------
// Like and save: optimistic in every cached copy, one request at a time per post
// (lib/hooks/toggle-queue.ts), so fast taps never send like/unlike/like.

export type ToggleErrorHandler = (error: unknown, retry: () => void) => void;

interface PostToggle<S> {
  isOn: (state: S) => boolean;
  run: (postId: string, on: boolean) => Promise<S>;
  stateOf: (post: Post) => S;
  apply: (post: Post, state: S) => Post;
  optimistic: (post: Post, on: boolean) => Post;
}

function makePostToggle<S>(spec: PostToggle<S>) {
  const entries = new Map<string, { queue: ToggleQueue<S>; confirmed: S | null }>();
  const entryFor = (postId: string) => {
    let entry = entries.get(postId);
    if (!entry) {
      entry = {
        queue: createToggleQueue<S>({ isOn: spec.isOn, run: (on) => spec.run(postId, on) }),
        confirmed: null,
      };
      entries.set(postId, entry);
    }
    return entry;
  };

  return function toggle(
    queryClient: QueryClient,
    post: Post,
    on: boolean,
    onError?: ToggleErrorHandler,
  ): void {
    const entry = entryFor(post.id);
    updateCachedPost(queryClient, post.id, (cached) => spec.optimistic(cached, on));
    if (entry.queue.busy) {
      // The request in flight sends this change when it ends; its handlers report the outcome.
      entry.queue.toggle(on, entry.confirmed ?? spec.stateOf(post)).catch(() => undefined);
      return;
    }
    const base = spec.stateOf(post);
    entry.confirmed = base;
    entry.queue.toggle(on, base).then(
      (server) => {
        entry.confirmed = null;
        updateCachedPost(queryClient, post.id, (cached) => spec.apply(cached, server));
      },
      (error: unknown) => {
        entry.confirmed = null;
        updateCachedPost(queryClient, post.id, (cached) => spec.apply(cached, base));
        onError?.(error, () => toggle(queryClient, spec.apply(post, base), on, onError));
      },
    );
  };
}

// Unliking a post the caller may no longer see (its author blocked them or went
// private since the screen loaded) still removes the like, but answers 204 with
// no count: the count is not theirs to learn. The cached count then stays as the
// optimistic update left it.
const kCountUnknown = -1;

const toggleLike = makePostToggle<LikeState>({
  isOn: (state) => state.liked,
  run: (postId, on) =>
    on
      ? postsApi.like(postId)
      : postsApi.unlike(postId).then((state) => state ?? { liked: false, likeCount: kCountUnknown }),
  stateOf: (post) => ({ liked: post.likedByMe, likeCount: post.likeCount }),
  apply: (post, state) => ({
    ...post,
    likedByMe: state.liked,
    likeCount: state.likeCount === kCountUnknown ? post.likeCount : state.likeCount,
  }),
  optimistic: optimisticLike,
});

const toggleSave = makePostToggle<SaveState>({
  isOn: (state) => state.saved,
  run: (postId, on) => (on ? postsApi.save(postId) : postsApi.unsave(postId)),
  stateOf: (post) => ({ saved: post.savedByMe }),
  apply: (post, state) => ({ ...post, savedByMe: state.saved }),
  optimistic: (post, on) => ({ ...post, savedByMe: on }),
});

/** `(post, liked, onError?)`: likes or unlikes, shown at once everywhere the post is. */
export function useLikeToggle() {
  const queryClient = useQueryClient();
  return useCallback(
    (post: Post, liked: boolean, onError?: ToggleErrorHandler) =>
      toggleLike(queryClient, post, liked, onError),
    [queryClient],
  );
}

export function useSaveToggle() {
  const queryClient = useQueryClient();
  return useCallback(
    (post: Post, saved: boolean, onError?: ToggleErrorHandler) => {
      toggleSave(queryClient, post, saved, onError);
      // The Saved screen hides unsaved posts at once (savedByMe); a new save
      // must appear there, so its list is fetched again the next time it shows.
      void queryClient.invalidateQueries({ queryKey: savedKeys.list(), refetchType: 'none' });
    },
    [queryClient],
  );
}

export function useDeletePost() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (post: Post) => postsApi.delete(post.id),
    onSuccess: (_data, post) => {
      removeCachedPost(queryClient, post.id);
      void queryClient.invalidateQueries({ queryKey: sessionKeys.me });
      void queryClient.invalidateQueries({ queryKey: userKeys.detail(post.author.username) });
    },
  });
}

/** Changes a post's caption or alt texts (its author only); every cached copy shows the edit. */
export function useEditPost(postId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (edit: PostEdit) => postsApi.edit(postId, edit),
    onSuccess: (edited) => updateCachedPost(queryClient, postId, (cached) => withEdit(cached, edited)),
  });
}

// ---------------------------------------------------------------------------
// Publishing.

export function useCreatePost(username: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({
      form,
      onProgress,
      signal,
    }: {
      form: NewPostForm;
      onProgress: (progress: UploadProgress) => void;
      signal?: AbortSignal;
    }) => uploadPost(form, onProgress, signal),
    onSuccess: (post) => {
      queryClient.setQueryData(postKeys.detail(post.id), post);
      // The author sees it on top of the home feed without a reload.
      queryClient.setQueryData<InfiniteData<{ items: Post[]; nextCursor: string | null }>>(
        feedKeys.home(),
        (data) => prependPost(data, post),
      );
      queryClient.setQueryData<InfiniteData<{ items: Post[]; nextCursor: string | null }>>(
        userKeys.posts(username),
        (data) => prependPost(data, post),
      );
      void queryClient.invalidateQueries({ queryKey: sessionKeys.me });
      void queryClient.invalidateQueries({ queryKey: userKeys.detail(username) });
    },
  });
}

// ---------------------------------------------------------------------------
// Comments, oldest first.

export function useComments(postId: string) {
  return useInfiniteQuery({
    queryKey: commentKeys.list(postId),
    queryFn: ({ pageParam }) => postsApi.comments(postId, { cursor: pageParam, limit: COMMENT_PAGE_SIZE }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: STALE.SECONDS.FIFTEEN,
  });
}

/**
 * The comments to show, in order. A comment just written is appended to the
 * last loaded page; if later pages were not loaded yet, one of them brings it
 * again, and the later copy (its true place) wins.
 */
export function flattenComments(data: InfiniteData<CommentPage> | undefined): Comment[] {
  if (!data) return [];
  const all = data.pages.flatMap((page) => page.items);
  const lastIndex = new Map(all.map((comment, index) => [comment.id, index]));
  return all.filter((comment, index) => lastIndex.get(comment.id) === index);
}

export function withComment(
  data: InfiniteData<CommentPage> | undefined,
  comment: Comment,
): InfiniteData<CommentPage> | undefined {
  if (!data || data.pages.length === 0) return data;
  const pages = [...data.pages];
  const last = pages[pages.length - 1] as CommentPage;
  pages[pages.length - 1] = { ...last, items: [...last.items, comment] };
  return { ...data, pages };
}

export function withoutComment(
  data: InfiniteData<CommentPage> | undefined,
  commentId: string,
): InfiniteData<CommentPage> | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((page) => ({ ...page, items: page.items.filter((c) => c.id !== commentId) })),
  };
}

export function useAddComment(postId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (text: string) => postsApi.addComment(postId, text),
    onSuccess: (comment) => {
      const key = commentKeys.list(postId);
      if (queryClient.getQueryData(key)) {
        queryClient.setQueryData<InfiniteData<CommentPage>>(key, (data) => withComment(data, comment));
      } else {
        void queryClient.invalidateQueries({ queryKey: key });
      }
      updateCachedPost(queryClient, postId, (post) => ({ ...post, commentCount: post.commentCount + 1 }));
    },
  });
}

export function useDeleteComment(postId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (comment: Comment) => postsApi.deleteComment(comment.id),
    onSuccess: (_data, comment) => {
      queryClient.setQueryData<InfiniteData<CommentPage>>(commentKeys.list(postId), (data) =>
        withoutComment(data, comment.id),
      );
      updateCachedPost(queryClient, postId, (post) => ({
        ...post,
        commentCount: Math.max(0, post.commentCount - 1),
      }));
    },
  });
}
