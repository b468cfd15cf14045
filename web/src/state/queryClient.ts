import { QueryClient } from '@tanstack/react-query';
import { isApiError } from '#/lib/api/client';

/** Shared staleness values, so screens agree on how fresh each kind of data must be. */
export const STALE = {
  SECONDS: { FIFTEEN: 15_000, THIRTY: 30_000 },
  MINUTES: { ONE: 60_000, FIVE: 5 * 60_000 },
  INFINITY: Infinity,
} as const;

/** Retry reads that failed for transient reasons only; a 4xx will not change by asking again. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (isApiError(error) && error.status >= 400 && error.status < 500 && error.status !== 429) return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: STALE.SECONDS.THIRTY,
        gcTime: 10 * 60_000,
        retry: shouldRetry,
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}
