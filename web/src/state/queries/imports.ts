import { type QueryClient, useQuery } from '@tanstack/react-query';
import { importsApi } from '#/lib/api/endpoints';
import type { Import } from '#/lib/api/types';

export const importKeys = {
  latest: ['imports', 'latest'] as const,
  detail: (id: string) => ['imports', 'detail', id] as const,
};

export const isRunning = (item: Import | null | undefined) =>
  item?.status === 'queued' || item?.status === 'running';

/** The caller's most recent import, or null: a screen opened mid-import shows it. */
export function useLatestImport() {
  return useQuery({
    queryKey: importKeys.latest,
    queryFn: async () => (await importsApi.latest()).items[0] ?? null,
  });
}

/**
 * One import with its report. `import:progress` keeps it current (receiveImportProgress);
 * while it runs, a slow poll covers a socket that is not connected.
 */
export function useImport(id: string | null) {
  return useQuery({
    queryKey: importKeys.detail(id ?? ''),
    queryFn: () => importsApi.get(id ?? ''),
    enabled: id !== null,
    refetchInterval: (query) => (isRunning(query.state.data) ? 5_000 : false),
  });
}

/** Folds an `import:progress` event into the cache; the end fetches the report. */
export function receiveImportProgress(queryClient: QueryClient, progress: Import): void {
  queryClient.setQueryData<Import>(importKeys.detail(progress.id), (current) => ({
    ...current,
    ...progress,
  }));
  if (!isRunning(progress)) {
    void queryClient.invalidateQueries({ queryKey: importKeys.detail(progress.id) });
    void queryClient.invalidateQueries({ queryKey: importKeys.latest });
  }
}
