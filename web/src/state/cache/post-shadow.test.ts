import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { Post } from '#/lib/api/types';
import { feedKeys } from '#/state/queries/feed';
import { flattenComments, postKeys, withComment } from '#/state/queries/posts';
import { userKeys } from '#/state/queries/profile';
import { makePost } from '#/test/utils';
import {
  findCachedPost,
  optimisticLike,
  prependPost,
  removeCachedPost,
  updateCachedPost,
  withEdit,
} from './post-shadow';

const page = (items: Post[], nextCursor: string | null = null) => ({ items, nextCursor });
const infinite = (...pages: ReturnType<typeof page>[]) => ({ pages, pageParams: pages.map(() => null) });

describe('post shadow', () => {
  it('updates the post everywhere: its page, the home feed, explore and a profile grid', () => {
    const queryClient = new QueryClient();
    const post = makePost();
    const other = makePost({ id: '101' });
    queryClient.setQueryData(postKeys.detail('100'), post);
    queryClient.setQueryData(feedKeys.home(), infinite(page([other, post])));
    queryClient.setQueryData(feedKeys.explore(), infinite(page([other]), page([post])));
    queryClient.setQueryData(userKeys.posts('bob'), infinite(page([post])));

    updateCachedPost(queryClient, '100', (p) => optimisticLike(p, true));

    expect(queryClient.getQueryData<Post>(postKeys.detail('100'))).toMatchObject({
      likedByMe: true,
      likeCount: 4,
    });
    const home = queryClient.getQueryData<ReturnType<typeof infinite>>(feedKeys.home());
    expect(home?.pages[0]?.items.map((p) => [p.id, p.likedByMe])).toEqual([
      ['101', false],
      ['100', true],
    ]);
    expect(
      queryClient.getQueryData<ReturnType<typeof infinite>>(feedKeys.explore())?.pages[1]?.items[0],
    ).toMatchObject({
      likedByMe: true,
    });
    expect(
      queryClient.getQueryData<ReturnType<typeof infinite>>(userKeys.posts('bob'))?.pages[0]?.items[0],
    ).toMatchObject({ likeCount: 4 });
  });

  it('a deleted post leaves every list; a cached copy is found from any list', () => {
    const queryClient = new QueryClient();
    queryClient.setQueryData(feedKeys.tag('sunset'), infinite(page([makePost(), makePost({ id: '7' })])));
    expect(findCachedPost(queryClient, '7')?.id).toBe('7');
    removeCachedPost(queryClient, '100');
    expect(
      queryClient
        .getQueryData<ReturnType<typeof infinite>>(feedKeys.tag('sunset'))
        ?.pages[0]?.items.map((p) => p.id),
    ).toEqual(['7']);
    expect(findCachedPost(queryClient, '100')).toBeUndefined();
  });

  it('a new post goes on top of a loaded feed, once; an unloaded feed stays unloaded', () => {
    const feed = infinite(page([makePost({ id: '1' })], 'c1'), page([makePost({ id: '0' })]));
    const next = prependPost(feed, makePost({ id: '2' }));
    expect(next?.pages.map((p) => p.items.map((i) => i.id))).toEqual([['2', '1'], ['0']]);
    expect(prependPost(next, makePost({ id: '2' }))).toBe(next);
    expect(prependPost(undefined, makePost())).toBeUndefined();
  });

  it('optimisticLike counts once and never below zero', () => {
    const liked = optimisticLike(makePost({ likeCount: 0 }), true);
    expect(optimisticLike(liked, true)).toBe(liked);
    expect(optimisticLike(makePost({ likeCount: 0, likedByMe: true }), false).likeCount).toBe(0);
  });
});

describe('comments', () => {
  const comment = (id: string) => ({
    id,
    postId: '100',
    author: { id: '2', username: 'bob', displayName: 'Bob', avatarUrl: null },
    text: `c${id}`,
    createdAt: '2026-11-25T09:30:00.000Z',
  });

  it('a comment just written shows last, and moves to its true place when a later page brings it again', () => {
    const first = { pages: [{ items: [comment('1'), comment('2')], nextCursor: 'n' }], pageParams: [null] };
    const written = withComment(first, comment('9'));
    expect(flattenComments(written).map((c) => c.id)).toEqual(['1', '2', '9']);
    const loaded = {
      pageParams: [null, 'n'],
      pages: [...(written?.pages ?? []), { items: [comment('3'), comment('9')], nextCursor: null }],
    };
    expect(flattenComments(loaded).map((c) => c.id)).toEqual(['1', '2', '3', '9']);
  });

  it('puts an edit into every copy (caption, alt texts, edited mark) and keeps each copy’s own like state', () => {
    const queryClient = new QueryClient();
    const post = makePost();
    queryClient.setQueryData(postKeys.detail('100'), optimisticLike(post, true));
    queryClient.setQueryData(feedKeys.home(), infinite(page([post])));
    queryClient.setQueryData(userKeys.posts('bob'), infinite(page([post])));
    const edited = makePost({
      caption: 'Sunrise, in fact',
      media: post.media.map((m) => ({ ...m, alt: 'The sun over the pier' })),
      editedAt: '2026-11-26T10:00:00.000Z',
      likeCount: 3,
    });

    updateCachedPost(queryClient, '100', (cached) => withEdit(cached, edited));

    const copies = [
      queryClient.getQueryData<Post>(postKeys.detail('100')),
      queryClient.getQueryData<ReturnType<typeof infinite>>(feedKeys.home())?.pages[0]?.items[0],
      queryClient.getQueryData<ReturnType<typeof infinite>>(userKeys.posts('bob'))?.pages[0]?.items[0],
    ];
    for (const copy of copies) {
      expect(copy?.caption).toBe('Sunrise, in fact');
      expect(copy?.media[0]?.alt).toBe('The sun over the pier');
      expect(copy?.editedAt).toBe('2026-11-26T10:00:00.000Z');
    }
    // The page's optimistic like (not yet confirmed) survives the edit's answer.
    expect(copies[0]).toMatchObject({ likedByMe: true, likeCount: 4 });
  });
});
