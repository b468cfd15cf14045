import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { onSessionExpired } from '#/lib/api/client';
import { createQueryClient } from '#/state/queryClient';
import { sessionKeys } from '#/state/queries/session';
import { AppRouter } from './AppRouter';
import { ErrorBoundary } from './ErrorBoundary';
import { AppHistory } from './history';
import { AppRoutes } from './router';
import { ThemeProvider } from './theme';
import { ToastProvider } from './toasts';

function useSessionExpiry(queryClient: QueryClient) {
  useEffect(
    () =>
      onSessionExpired(() => {
        // The login ended (signed out elsewhere, or revoked): forget the account's data.
        queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'session' });
        queryClient.setQueryData(sessionKeys.me, null);
      }),
    [queryClient],
  );
}

export function App({ queryClient: given }: { queryClient?: QueryClient }) {
  const [queryClient] = useState(() => given ?? createQueryClient());
  const [history] = useState(() => new AppHistory(window));
  useSessionExpiry(queryClient);
  return (
    <ErrorBoundary>
      <QueryClientProvider client={queryClient}>
        <ThemeProvider>
          <ToastProvider>
            <AppRouter history={history}>
              <AppRoutes />
            </AppRouter>
          </ToastProvider>
        </ThemeProvider>
      </QueryClientProvider>
    </ErrorBoundary>
  );
}
