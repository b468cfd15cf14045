import { useMutation } from '@tanstack/react-query';
import { setSigningOut } from '#/lib/api/client';
import { accountApi } from '#/lib/api/endpoints';
import { useSignedOut } from './session';

/**
 * Deletes the signed-in account (DELETE /users/me): the server deactivates it at
 * once, ends every login (this one too, and closes the sockets) and purges it
 * after `deleteAt` unless the owner logs in before then.
 */
export function useDeleteAccount() {
  const signedOut = useSignedOut();
  return useMutation({
    mutationFn: (password: string) => accountApi.deleteAccount(password),
    // The server closes this tab's socket: realtime/socket.tsx must not ask whether the login lives.
    onMutate: () => setSigningOut(true),
    onError: () => setSigningOut(false),
    onSuccess: () => signedOut(),
  });
}
