import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { userKeys } from '#/state/queries/profile';
import { makeUser } from '#/test/utils';
import { isFollowingOrRequested, optimisticFollow, updateCachedUser } from './user-shadow';

describe('optimisticFollow', () => {
  it('follows a public account at once and counts it', () => {
    const next = optimisticFollow(makeUser({ followerCount: 3 }), true);
    expect(next).toMatchObject({ followedByMe: true, requestedByMe: false, followerCount: 4 });
  });

  it('only requests a private account, without counting', () => {
    const next = optimisticFollow(makeUser({ isPrivate: true, followerCount: 3 }), true);
    expect(next).toMatchObject({ followedByMe: false, requestedByMe: true, followerCount: 3 });
  });

  it('unfollowing takes the count back; cancelling a request does not', () => {
    expect(optimisticFollow(makeUser({ followedByMe: true, followerCount: 4 }), false)).toMatchObject({
      followedByMe: false,
      followerCount: 3,
    });
    expect(
      optimisticFollow(makeUser({ isPrivate: true, requestedByMe: true, followerCount: 4 }), false),
    ).toMatchObject({ requestedByMe: false, followerCount: 4 });
  });

  it('is idempotent for a second follow', () => {
    const once = optimisticFollow(makeUser(), true);
    expect(optimisticFollow(once, true)).toEqual(once);
    expect(isFollowingOrRequested(once)).toBe(true);
  });
});

describe('updateCachedUser', () => {
  it('updates the profile, every list row and every notification actor of that user', () => {
    const queryClient = new QueryClient();
    const bob = makeUser();
    const carol = makeUser({ id: '3', username: 'carol' });
    queryClient.setQueryData(userKeys.detail('bob'), bob);
    queryClient.setQueryData(userKeys.followers('ada'), {
      pages: [{ items: [carol, bob], nextCursor: null }],
      pageParams: [null],
    });
    queryClient.setQueryData(['notifications', 'list'], { pages: [{ items: [{ actor: bob }] }] });

    updateCachedUser(queryClient, 'BOB', (user) => optimisticFollow(user, true));

    expect(queryClient.getQueryData(userKeys.detail('bob'))).toMatchObject({
      followedByMe: true,
      followerCount: 4,
    });
    const list = queryClient.getQueryData<{
      pages: { items: { username: string; followedByMe: boolean }[] }[];
    }>(userKeys.followers('ada'));
    expect(list?.pages[0]?.items.map((u) => [u.username, u.followedByMe])).toEqual([
      ['carol', false],
      ['bob', true],
    ]);
    // A notification's actor is the same person.
    expect(queryClient.getQueryData(['notifications', 'list'])).toMatchObject({
      pages: [{ items: [{ actor: { username: 'bob', followedByMe: true } }] }],
    });
  });
});
