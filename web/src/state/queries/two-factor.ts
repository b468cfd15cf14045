import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { twoFactorApi } from '#/lib/api/endpoints';
import type { TwoFactorStatus } from '#/lib/api/types';
import { STALE } from '#/state/queryClient';

// Not under 'session': signing out drops it with every other query.
export const twoFactorKeys = {
  status: ['two-factor'] as const,
};

/** Whether two-factor is on for me, and how many recovery codes are left. */
export function useTwoFactorStatus() {
  return useQuery({
    queryKey: twoFactorKeys.status,
    queryFn: () => twoFactorApi.status(),
    staleTime: STALE.SECONDS.THIRTY,
  });
}

/** A new pending secret (a second call replaces the first). */
export function useSetupTwoFactor() {
  return useMutation({ mutationFn: () => twoFactorApi.setup() });
}

/** Turns it on with a code; resolves to the ten recovery codes, which the server shows only this once. */
export function useEnableTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) => twoFactorApi.enable(code),
    onSuccess: (codes) => {
      queryClient.setQueryData<TwoFactorStatus>(twoFactorKeys.status, {
        enabled: true,
        recoveryCodesLeft: codes.length,
      });
    },
  });
}

export function useDisableTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (form: { password: string; code: string }) => twoFactorApi.disable(form),
    onSuccess: () => {
      queryClient.setQueryData<TwoFactorStatus>(twoFactorKeys.status, {
        enabled: false,
        recoveryCodesLeft: 0,
      });
    },
  });
}
