import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { searchApi } from '#/lib/api/endpoints';
import { STALE } from '#/state/queryClient';

export const searchKeys = {
  all: ['search'] as const,
  query: (q: string) => ['search', q.trim().toLowerCase()] as const,
};

/** Whether a query asks for anything ('#' or '@' alone gives empty lists by definition). */
export function isSearchable(q: string): boolean {
  return q.trim().replace(/^[#@]/, '').length > 0;
}

/** Users and tags by prefix. Give it a debounced query: every change is a request. */
export function useSearch(q: string) {
  const query = q.trim();
  return useQuery({
    queryKey: searchKeys.query(query),
    queryFn: ({ signal }) => searchApi.search(query, signal),
    enabled: isSearchable(query),
    staleTime: STALE.SECONDS.THIRTY,
    // The previous suggestions stay while the next ones load, so the list does not flicker.
    placeholderData: keepPreviousData,
  });
}
