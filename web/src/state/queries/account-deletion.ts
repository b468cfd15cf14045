import { useMutation } from '@tanstack/react-query';
import { accountApi } from '#/lib/api/endpoints';
import { useSignedOut, useSignOutOptions } from './session';

/**
 * Deletes the signed-in account (DELETE /users/me): the server deactivates it at
 * once, ends every login (this one too, and closes the sockets) and purges it
 * after `deleteAt` unless the owner logs in before then.
 */
export function useDeleteAccount() {
  const signedOut = useSignedOut();
  return useMutation({
    ...useSignOutOptions((password: string) => accountApi.deleteAccount(password)),
    onSuccess: () => signedOut(),
  });
}
