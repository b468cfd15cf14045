// The admins' Server screen: the last hour of this instance's figures, sampled
// by the server itself (GET /admin/server/metrics; 404 to anyone else).
import { useQuery } from '@tanstack/react-query';
import { adminApi } from '#/lib/api/endpoints';

export const serverKeys = {
  metrics: () => ['server', 'metrics'] as const,
};

/** Refetched every sample interval while the screen is open (10 s unless the server says otherwise). */
export function useServerMetrics(enabled: boolean) {
  return useQuery({
    queryKey: serverKeys.metrics(),
    queryFn: () => adminApi.serverMetrics(),
    enabled,
    refetchInterval: (query) => Math.max(1, query.state.data?.intervalSeconds ?? 10) * 1000,
    staleTime: 0,
  });
}
