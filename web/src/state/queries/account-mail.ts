// Mailed links of an account (API.md "Accounts for real life"): forgot/reset
// password, confirming the address and changing it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '#/lib/api/client';
import { sessionKeys, useSignedOut } from './session';

export const accountMailApi = {
  forgotPassword: (email: string) => api.post<object>('/auth/password/forgot', { email }),
  resetPassword: (token: string, password: string) =>
    api.post<undefined>('/auth/password/reset', { token, password }),
  verifyEmail: (token: string) => api.post<undefined>('/auth/email/verify', { token }),
  resendVerification: () => api.post<object>('/auth/email/resend'),
  changeEmail: (email: string, password: string) =>
    api.post<object>('/auth/email/change', { email, password }),
};

export function useForgotPassword() {
  return useMutation({ mutationFn: (email: string) => accountMailApi.forgotPassword(email) });
}

/** A reset ends every login of the account, this tab's included: it is signed out after. */
export function useResetPassword() {
  const signedOut = useSignedOut();
  return useMutation({
    mutationFn: ({ token, password }: { token: string; password: string }) =>
      accountMailApi.resetPassword(token, password),
    onSuccess: signedOut,
  });
}

/** The signed-in user's `email` or `emailVerified` may have changed: ask again. */
export function useVerifyEmail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => accountMailApi.verifyEmail(token),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionKeys.me }),
  });
}

export function useResendVerification() {
  return useMutation({ mutationFn: () => accountMailApi.resendVerification() });
}

export function useChangeEmail() {
  return useMutation({
    mutationFn: ({ email, password }: { email: string; password: string }) =>
      accountMailApi.changeEmail(email, password),
  });
}
