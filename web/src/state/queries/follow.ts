import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { usersApi } from '#/lib/api/endpoints';
import type { User } from '#/lib/api/types';
import { createToggleQueue, type ToggleQueue } from '#/lib/hooks/toggle-queue';
import { isFollowingOrRequested, optimisticFollow, updateCachedUser } from '#/state/cache/user-shadow';
import { sessionKeys } from './session';
import { userKeys } from './profile';

interface Entry {
  queue: ToggleQueue<User>;
  /** The user as the server last confirmed, while changes are on their way. */
  confirmed: User | null;
}

// One queue per followed account, shared by every button that shows that account.
const entries = new Map<string, Entry>();

function entryFor(username: string): Entry {
  const key = username.toLowerCase();
  let entry = entries.get(key);
  if (!entry) {
    entry = {
      queue: createToggleQueue<User>({
        isOn: isFollowingOrRequested,
        run: (on) => (on ? usersApi.follow(username) : usersApi.unfollow(username)),
      }),
      confirmed: null,
    };
    entries.set(key, entry);
  }
  return entry;
}

export type FollowErrorHandler = (error: unknown, retry: () => void) => void;

/**
 * Follow or unfollow (or cancel a request). The change shows at once in every
 * cached copy of the user; on failure the last confirmed state comes back and
 * `onError` gets a retry.
 */
export function useFollowToggle() {
  const queryClient = useQueryClient();
  return useCallback(
    function toggle(user: User, follow: boolean, onError?: FollowErrorHandler) {
      const entry = entryFor(user.username);
      updateCachedUser(queryClient, user.username, (cached) => optimisticFollow(cached, follow));
      if (entry.queue.busy) {
        // The request in flight will send this change when it ends; its handlers report the outcome.
        entry.queue.toggle(follow, entry.confirmed ?? user).catch(() => undefined);
        return;
      }
      const base = user;
      entry.confirmed = base;
      entry.queue.toggle(follow, base).then(
        (server) => {
          entry.confirmed = null;
          updateCachedUser(queryClient, server.username, () => server);
          void queryClient.invalidateQueries({ queryKey: sessionKeys.me });
          void queryClient.invalidateQueries({ queryKey: userKeys.followers(server.username) });
        },
        (error: unknown) => {
          entry.confirmed = null;
          updateCachedUser(queryClient, base.username, () => base);
          void queryClient.invalidateQueries({ queryKey: userKeys.detail(base.username) });
          onError?.(error, () => toggle(base, follow, onError));
        },
      );
    },
    [queryClient],
  );
}
