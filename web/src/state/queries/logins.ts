import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { setSigningOut } from '#/lib/api/client';
import { authApi } from '#/lib/api/endpoints';
import type { Login } from '#/lib/api/types';
import { STALE } from '#/state/queryClient';
import { useSignedOut } from './session';

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
 * signs the app out; the server then closes this tab's socket, which is no lost
 * login to ask about (setSigningOut, as a plain logout).
 */
export function useEndLogin() {
  const queryClient = useQueryClient();
  const signedOut = useSignedOut();
  return useMutation({
    mutationFn: (login: Login) => authApi.endLogin(login.id),
    onMutate: (login) => {
      if (login.current) setSigningOut(true);
    },
    onError: (_error, login) => {
      if (login.current) setSigningOut(false);
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
