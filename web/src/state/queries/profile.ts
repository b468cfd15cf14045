import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { usersApi } from '#/lib/api/endpoints';
import type { OwnUser, ProfileUpdate } from '#/lib/api/types';
import { STALE } from '#/state/queryClient';

const lc = (username: string) => username.toLowerCase();

/** Query keys of everything about users; every key starts with 'users' (see cache/user-shadow.ts). */
export const userKeys = {
  all: ['users'] as const,
  detail: (username: string) => ['users', 'detail', lc(username)] as const,
  followers: (username: string) => ['users', 'followers', lc(username)] as const,
  following: (username: string) => ['users', 'following', lc(username)] as const,
  posts: (username: string) => ['posts', 'by-user', lc(username)] as const,
};

export const PAGE_SIZE = 20;

export function useProfile(username: string) {
  return useQuery({
    queryKey: userKeys.detail(username),
    queryFn: () => usersApi.get(username),
    staleTime: STALE.SECONDS.THIRTY,
  });
}

export function useUserList(kind: 'followers' | 'following', username: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: kind === 'followers' ? userKeys.followers(username) : userKeys.following(username),
    queryFn: ({ pageParam }) => usersApi[kind](username, { cursor: pageParam, limit: PAGE_SIZE }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: STALE.SECONDS.THIRTY,
    enabled,
  });
}

export function useUserPosts(username: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: userKeys.posts(username),
    queryFn: ({ pageParam }) => usersApi.posts(username, { cursor: pageParam, limit: 24 }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: STALE.SECONDS.THIRTY,
    enabled,
  });
}

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (update: ProfileUpdate) => usersApi.updateMe(update),
    onSuccess: (user: OwnUser) => {
      queryClient.setQueryData(['session', 'me'], user);
      queryClient.setQueryData(userKeys.detail(user.username), user);
      // Going public accepts pending requests: the request list changed too.
      void queryClient.invalidateQueries({ queryKey: ['follow-requests'] });
    },
  });
}
