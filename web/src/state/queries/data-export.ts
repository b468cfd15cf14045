import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '#/lib/api/client';
import type { components } from '#/lib/api/schema';
import { STALE } from '#/state/queryClient';

/** GET/POST /users/me/export (issue 14.7). */
export type ExportState = components['schemas']['ExportState'];

export const dataExportKeys = {
  state: ['data-export'] as const,
};

/** How often a pending export is asked about: the server builds it in the background. */
export const EXPORT_POLL_MS = 3_000;

export const dataExportApi = {
  state: () => api.get<ExportState>('/users/me/export'),
  request: () => api.post<ExportState>('/users/me/export'),
};

/** My latest export; polled while it is being built, quiet otherwise. */
export function useDataExport() {
  return useQuery({
    queryKey: dataExportKeys.state,
    queryFn: dataExportApi.state,
    staleTime: STALE.SECONDS.THIRTY,
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? EXPORT_POLL_MS : false),
  });
}

/** Asks for an export; the answer (pending) is the new state, which starts the polling. */
export function useRequestDataExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: dataExportApi.request,
    onSuccess: (state) => queryClient.setQueryData(dataExportKeys.state, state),
  });
}
