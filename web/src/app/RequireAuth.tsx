import { Navigate, Outlet, useLocation } from 'react-router';
import { QueryError } from '#/components/QueryError';
import { Spinner } from '#/components/Spinner';
import { useSession } from '#/state/queries/session';

/** Signed-out visitors go to /login, which brings them back here afterwards. */
export function RequireAuth() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Spinner label="Loading Lenslet" />;
  if (session.isError) return <QueryError error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <Outlet />;
}

/** The sign-in and sign-up pages send signed-in people on. */
export function RedirectIfSignedIn() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Spinner label="Loading Lenslet" />;
  if (session.data) {
    const next = new URLSearchParams(location.search).get('next');
    return <Navigate to={next && next.startsWith('/') && !next.startsWith('//') ? next : '/'} replace />;
  }
  return <Outlet />;
}
