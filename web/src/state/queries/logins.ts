import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authApi } from '#/lib/api/endpoints';
import type { Login } from '#/lib/api/types';
import { STALE } from '#/state/queryClient';
import { useSignedOut, useSignOutOptions } from './session';

// Not under 'session': signing out drops every other query, these included.
export const loginKeys = {
  list: ['logins'] as const,
};

/** Where I am logged in, most recently used first. */
export function useLogins() {
  return useQuery({
    queryKey: loginKeys.list,
    queryFn: () => authApi.logins(),
    staleTime: STALE.SECONDS.THIRTY,
  });
}

/**
 * Ends one login at once (its tokens and sockets). Ending this device's own login
 * signs the app out, as a plain logout does (useSignOutOptions).
 */
export function useEndLogin() {
  const queryClient = useQueryClient();
  const signedOut = useSignedOut();
  const signOut = useSignOutOptions((login: Login) => authApi.endLogin(login.id));
  return useMutation({
    mutationFn: (login: Login) => (login.current ? signOut.mutationFn(login) : authApi.endLogin(login.id)),
    onMutate: async (login) => {
      if (login.current) await signOut.onMutate();
    },
    onSuccess: (_data, login) => {
      if (login.current) {
        signedOut();
        return;
      }
      queryClient.setQueryData<Login[]>(loginKeys.list, (list) =>
        list?.filter((item) => item.id !== login.id),
      );
    },
  });
}
