import { useState } from 'react';
import { useToast } from '#/app/toasts';
import { ConfirmDialog } from '#/components/ConfirmDialog';
import { QueryError } from '#/components/QueryError';
import { Spinner } from '#/components/Spinner';
import type { Login } from '#/lib/api/types';
import { relativeTime } from '#/lib/format';
import { deviceName } from '#/lib/user-agent';
import { useEndLogin, useLogins } from '#/state/queries/logins';

function lastActive(login: Login): string {
  if (login.current) return 'Active now';
  const when = relativeTime(login.lastSeenAt);
  return when === 'now' ? 'Active now' : `Last active ${/^\d/.test(when) ? `${when} ago` : when}`;
}

/** Where I am logged in, each with its own "Log out"; this device's login asks first. */
export function LoginsList() {
  const logins = useLogins();
  const end = useEndLogin();
  const toast = useToast();
  const [confirming, setConfirming] = useState<Login | null>(null);

  const logOut = (login: Login) =>
    end.mutate(login, {
      onSuccess: () => {
        setConfirming(null);
        if (!login.current) toast.info(`Logged out of ${deviceName(login.userAgent)}.`);
      },
      onError: (error) => {
        setConfirming(null);
        toast.error(error);
      },
    });

  if (logins.isPending) return <Spinner label="Loading logins" />;
  if (logins.isError) return <QueryError error={logins.error} onRetry={() => void logins.refetch()} />;
  return (
    <>
      <ul className="card settings-card logins" aria-label="Logins">
        {logins.data.map((login) => {
          const device = deviceName(login.userAgent);
          return (
            <li key={login.id} className="settings-row logins__row">
              <div className="logins__text">
                <span className="strong block">
                  {device}
                  {login.current && <span className="logins__this"> · This device</span>}
                </span>
                <span className="muted small block">
                  {login.ip || 'Unknown address'} ·{' '}
                  <time
                    dateTime={login.lastSeenAt}
                    title={new Date(login.lastSeenAt).toLocaleString('en-US')}
                  >
                    {lastActive(login)}
                  </time>
                </span>
              </div>
              <button
                type="button"
                className="btn btn--secondary btn--sm"
                aria-label={`Log out of ${device}${login.current ? ' (this device)' : ''}`}
                disabled={end.isPending && end.variables.id === login.id}
                onClick={() => (login.current ? setConfirming(login) : logOut(login))}
              >
                Log out
              </button>
            </li>
          );
        })}
      </ul>
      {confirming && (
        <ConfirmDialog
          title="Log out of this device?"
          confirmLabel="Log out"
          busyLabel="Logging out…"
          busy={end.isPending}
          onConfirm={() => logOut(confirming)}
          onCancel={() => setConfirming(null)}
        >
          You will need your password to log in here again.
        </ConfirmDialog>
      )}
    </>
  );
}
