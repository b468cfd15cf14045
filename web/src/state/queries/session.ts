import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { isApiError } from '#/lib/api/client';
import { sessionBegan, signOutWith } from '#/lib/api/signing-out';
import { authApi, type Registration } from '#/lib/api/endpoints';
import type { LoginForm, OwnUser, PasswordChange, RegisterForm } from '#/lib/api/types';
import { mayBeSignedIn } from '#/lib/api/session-hint';
import { STALE } from '#/state/queryClient';
import { userKeys } from './profile';

export const sessionKeys = {
  me: ['session', 'me'] as const,
};

/**
 * The signed-in user, or null when signed out (a 401 after the silent refresh;
 * without asking when the server's signed-in hint is absent, lib/api/session-hint.ts).
 * `started`: the boot script's request, on the first load (main.tsx).
 */
export async function fetchSession(started?: Promise<Response> | null): Promise<OwnUser | null> {
  if (!started && !mayBeSignedIn()) return null;
  try {
    return await authApi.me(started ?? undefined);
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null;
    throw error;
  }
}

export function useSession() {
  return useQuery({
    queryKey: sessionKeys.me,
    queryFn: () => fetchSession(),
    staleTime: STALE.MINUTES.FIVE,
  });
}

/** The signed-in user; only for screens behind the auth guard. */
export function useMe(): OwnUser {
  const { data } = useSession();
  if (!data) throw new Error('useMe() outside the signed-in part of the app');
  return data;
}

function useSignedIn() {
  const queryClient = useQueryClient();
  return (user: OwnUser) => {
    sessionBegan();
    // Whatever was cached belonged to the signed-out visitor or another account.
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
    queryClient.setQueryData(sessionKeys.me, user);
    queryClient.setQueryData(userKeys.detail(user.username), user);
  };
}

export function useLogin() {
  const signedIn = useSignedIn();
  return useMutation({
    mutationFn: (form: LoginForm) => authApi.login(form),
    onSuccess: (result) => signedIn(result.user),
  });
}

/** The second step of a login with two-factor on: the challenge of the first and a code. */
export function useLoginSecondFactor() {
  const signedIn = useSignedIn();
  return useMutation({
    mutationFn: (form: { challenge: string; code: string }) => authApi.loginSecondFactor(form),
    onSuccess: signedIn,
  });
}

/** Signs up; a server that approves newcomers answers `{pending: true}` and nobody is signed in. */
export function useRegister() {
  const signedIn = useSignedIn();
  return useMutation({
    mutationFn: (form: RegisterForm & { inviteCode?: string }) => authApi.register(form),
    onSuccess: (result: Registration) => {
      if (result.user) signedIn(result.user);
    },
  });
}

export function useSignedOut() {
  const queryClient = useQueryClient();
  return () => {
    // The auth guard then shows the login page.
    queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
    queryClient.setQueryData(sessionKeys.me, null);
  };
}

/**
 * The mutation options of anything that ends this tab's login (a logout, ending
 * this device's login, deleting the account; lib/api/signing-out.ts): the
 * queries still loading are cancelled first (they keep what they had, no error
 * shows), then the API client aborts their requests and holds new ones until
 * `end` answers. The server also ends this tab's socket: realtime/socket.tsx
 * knows it was us (isSigningOut) and asks nothing.
 */
export function useSignOutOptions<TVariables, TResult>(end: (variables: TVariables) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return {
    onMutate: () => queryClient.cancelQueries(),
    mutationFn: (variables: TVariables) => signOutWith(() => end(variables)),
  };
}

export function useLogout() {
  const signedOut = useSignedOut();
  return useMutation({ ...useSignOutOptions(authApi.logout), onSuccess: signedOut });
}

export function useLogoutAll() {
  const signedOut = useSignedOut();
  return useMutation({ ...useSignOutOptions(authApi.logoutAll), onSuccess: signedOut });
}

/** Changes the password; this login stays, every other one ends (nothing cached changes). */
export function useChangePassword() {
  return useMutation({ mutationFn: (form: PasswordChange) => authApi.changePassword(form) });
}
