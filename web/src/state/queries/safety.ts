// Mute, restrict, block, hidden words and reports: what a person does to keep
// their own corner quiet (shared/API.md "Safety and moderation").
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { reportsApi, usersApi } from '#/lib/api/endpoints';
import type { ReportForm, User } from '#/lib/api/types';
import { updateCachedUser } from '#/state/cache/user-shadow';
import { STALE } from '#/state/queryClient';
import { conversationKeys } from './conversations';
import { feedKeys } from './feed';
import { notificationKeys } from './notifications';
import { commentKeys } from './posts';
import { PAGE_SIZE, userKeys } from './profile';

export const safetyKeys = {
  muted: () => ['users', 'me', 'muted'] as const,
  restricted: () => ['users', 'me', 'restricted'] as const,
  hiddenWords: () => ['users', 'me', 'hidden-words'] as const,
};

/** The relation flags the server adds to a user for the caller (absent on older servers: false). */
export interface Relation {
  mutedByMe: boolean;
  restrictedByMe: boolean;
}

export function relationOf(user: User): Relation {
  const flags = user as User & Partial<Relation>;
  return { mutedByMe: flags.mutedByMe === true, restrictedByMe: flags.restrictedByMe === true };
}

export type RelationKind = 'mute' | 'restrict';

const FLAG: Record<RelationKind, keyof Relation> = { mute: 'mutedByMe', restrict: 'restrictedByMe' };

function relationCall(kind: RelationKind, on: boolean, username: string): Promise<undefined> {
  if (kind === 'mute') return on ? usersApi.mute(username) : usersApi.unmute(username);
  return on ? usersApi.restrict(username) : usersApi.unrestrict(username);
}

/**
 * Mute/unmute or restrict/unrestrict someone: every cached copy of them shows
 * the change at once and gets it back if the server refuses.
 */
export function useRelationToggle(kind: RelationKind) {
  const queryClient = useQueryClient();
  const flag = FLAG[kind];
  return useMutation({
    mutationFn: ({ user, on }: { user: User; on: boolean }) => relationCall(kind, on, user.username),
    onMutate: ({ user, on }) => {
      updateCachedUser(queryClient, user.username, (cached) => ({ ...cached, [flag]: on }));
    },
    onError: (_error, { user, on }) => {
      updateCachedUser(queryClient, user.username, (cached) => ({ ...cached, [flag]: !on }));
    },
    onSettled: () => {
      void queryClient.invalidateQueries({
        queryKey: kind === 'mute' ? safetyKeys.muted() : safetyKeys.restricted(),
      });
      // Muting takes their posts out of my feed and their activity out of my notifications.
      if (kind === 'mute') {
        void queryClient.invalidateQueries({ queryKey: feedKeys.all });
        void queryClient.invalidateQueries({ queryKey: notificationKeys.all });
      }
      // Restricting hides their new comments on my posts from everyone else.
      if (kind === 'restrict') void queryClient.invalidateQueries({ queryKey: commentKeys.all });
    },
  });
}

/** Blocks someone: their profile is gone for me (404) from now on, so its cached copy goes too. */
export function useBlock() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (user: User) => usersApi.block(user.username),
    onSuccess: (_none, user) => {
      queryClient.removeQueries({ queryKey: userKeys.detail(user.username) });
      void queryClient.invalidateQueries({ queryKey: feedKeys.all });
      void queryClient.invalidateQueries({ queryKey: conversationKeys.all });
    },
  });
}

export function useRelationList(kind: RelationKind) {
  return useInfiniteQuery({
    queryKey: kind === 'mute' ? safetyKeys.muted() : safetyKeys.restricted(),
    queryFn: ({ pageParam }) =>
      (kind === 'mute' ? usersApi.muted : usersApi.restricted)({ cursor: pageParam, limit: PAGE_SIZE }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    staleTime: STALE.SECONDS.THIRTY,
  });
}

export function useHiddenWords() {
  return useQuery({
    queryKey: safetyKeys.hiddenWords(),
    queryFn: () => usersApi.hiddenWords(),
    staleTime: STALE.MINUTES.FIVE,
  });
}

export function useSetHiddenWords() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (words: string[]) => usersApi.setHiddenWords(words),
    onSuccess: (words) => {
      queryClient.setQueryData(safetyKeys.hiddenWords(), words);
      // Comments on my posts and my message requests are filtered by them.
      void queryClient.invalidateQueries({ queryKey: commentKeys.all });
      void queryClient.invalidateQueries({ queryKey: conversationKeys.all });
    },
  });
}

export function useReport() {
  return useMutation({ mutationFn: (form: ReportForm) => reportsApi.create(form) });
}
