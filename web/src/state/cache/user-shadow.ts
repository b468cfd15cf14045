// Every cached copy of a user (their profile, rows in followers/following/request
// lists) is updated together, so an optimistic follow shows everywhere at once.
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { User } from '#/lib/api/types';

type Cached = User | InfiniteData<{ items: User[]; nextCursor: string | null }> | undefined;

function sameUser(user: User, username: string): boolean {
  return user.username.toLowerCase() === username.toLowerCase();
}

function isInfinite(value: unknown): value is InfiniteData<{ items: User[] }> {
  return typeof value === 'object' && value !== null && 'pages' in value && Array.isArray(value.pages);
}

function isUser(value: unknown): value is User {
  return typeof value === 'object' && value !== null && 'username' in value && 'followerCount' in value;
}

function hasActor(value: unknown): value is { actor: User } {
  return typeof value === 'object' && value !== null && 'actor' in value && isUser(value.actor);
}

/** The query keys whose data holds users: user lists and profiles, and notifications (their actors). */
const USER_HOLDING_KEYS = [['users'], ['notifications', 'list']] as const;

export function updateCachedUser(
  queryClient: QueryClient,
  username: string,
  update: (user: User) => User,
): void {
  const entries = USER_HOLDING_KEYS.flatMap((queryKey) => queryClient.getQueriesData<Cached>({ queryKey }));
  for (const [key, data] of entries) {
    if (isUser(data) && sameUser(data, username)) {
      queryClient.setQueryData(key, { ...data, ...update(data) });
    } else if (isInfinite(data)) {
      let changed = false;
      const pages = data.pages.map((page) => ({
        ...page,
        items: page.items.map((item: unknown) => {
          if (isUser(item) && sameUser(item, username)) {
            changed = true;
            return { ...item, ...update(item) };
          }
          if (hasActor(item) && sameUser(item.actor, username)) {
            changed = true;
            return { ...item, actor: { ...item.actor, ...update(item.actor) } };
          }
          return item;
        }),
      }));
      if (changed) queryClient.setQueryData(key, { ...data, pages });
    }
  }
}

/** What the follow button should show right away, before the server answers. */
export function optimisticFollow(user: User, follow: boolean): User {
  const wasFollowing = user.followedByMe;
  if (follow) {
    if (user.followedByMe || user.requestedByMe) return user;
    return user.isPrivate
      ? { ...user, requestedByMe: true }
      : { ...user, followedByMe: true, followerCount: user.followerCount + 1 };
  }
  return {
    ...user,
    followedByMe: false,
    requestedByMe: false,
    followerCount: wasFollowing ? Math.max(0, user.followerCount - 1) : user.followerCount,
  };
}

/** Whether the caller follows or has asked to follow. */
export function isFollowingOrRequested(user: User): boolean {
  return user.followedByMe || user.requestedByMe;
}
