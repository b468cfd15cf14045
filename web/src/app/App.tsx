import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { createBrowserRouter, RouterProvider, useRouteError } from 'react-router';
import { onSessionExpired } from '#/lib/api/client';
import { createQueryClient } from '#/state/queryClient';
import { sessionKeys } from '#/state/queries/session';
import { ErrorBoundary } from './ErrorBoundary';
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

/** A crash outside every screen goes on to the app's ErrorBoundary, as it did before the data router. */
function RethrowRouteError(): never {
  throw useRouteError();
}

/**
 * A data router (leave guards need useBlocker) around the route table as it is:
 * one catch-all route renders <AppRoutes />, which matches the rest itself.
 */
function createAppRouter() {
  return createBrowserRouter([{ path: '*', element: <AppRoutes />, errorElement: <RethrowRouteError /> }]);
}

export function App({ queryClient: given }: { queryClient?: QueryClient }) {
  const [queryClient] = useState(() => given ?? createQueryClient());
  const [router] = useState(createAppRouter);
  useSessionExpiry(queryClient);
  return (
    <ErrorBoundary>
      <QueryClientProvider client={queryClient}>
        <ThemeProvider>
          <ToastProvider>
            <RouterProvider router={router} />
          </ToastProvider>
        </ThemeProvider>
      </QueryClientProvider>
    </ErrorBoundary>
  );
}
