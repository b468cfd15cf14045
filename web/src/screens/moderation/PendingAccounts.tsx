import { useToast } from '#/app/toasts';
import { EmptyState } from '#/components/EmptyState';
import { UserPlusIcon } from '#/components/Icons';
import { LoadMore } from '#/components/LoadMore';
import { QueryError } from '#/components/QueryError';
import { Spinner } from '#/components/Spinner';
import type { PendingAccount } from '#/lib/api/types';
import { relativeTime } from '#/lib/format';
import { useDecideAccount, usePendingAccounts } from '#/state/queries/moderation';

function Decision({ account }: { account: PendingAccount }) {
  const decide = useDecideAccount();
  const toast = useToast();
  const send = (approve: boolean) =>
    decide.mutate(
      { username: account.username, approve },
      {
        onSuccess: () =>
          toast.info(
            approve ? `${account.username} can sign in now.` : `${account.username}'s sign-up was rejected.`,
          ),
        onError: (error) => toast.error(error, () => send(approve)),
      },
    );
  return (
    <div className="row-gap">
      <button
        type="button"
        className="btn btn--primary btn--sm"
        disabled={decide.isPending}
        onClick={() => send(true)}
        aria-label={`Approve ${account.username}`}
      >
        Approve
      </button>
      <button
        type="button"
        className="btn btn--secondary btn--sm"
        disabled={decide.isPending}
        onClick={() => send(false)}
        aria-label={`Reject ${account.username}`}
      >
        Reject
      </button>
    </div>
  );
}

/** Sign-ups waiting for a moderator (registration "approval"). */
export function PendingAccounts() {
  const pending = usePendingAccounts(true);
  const accounts = pending.data?.pages.flatMap((page) => page.items) ?? [];
  if (pending.isPending) return <Spinner label="Loading sign-ups" />;
  if (pending.isError) return <QueryError error={pending.error} onRetry={() => void pending.refetch()} />;
  if (accounts.length === 0) {
    return (
      <EmptyState icon={<UserPlusIcon size={34} />} title="No one is waiting">
        When sign-ups need approval, new accounts wait here until a moderator lets them in.
      </EmptyState>
    );
  }
  return (
    <>
      <ul className="card mod-rows">
        {accounts.map((account) => (
          <li key={account.id} className="mod-row">
            <span className="mod-row__main">
              <span className="strong block">{account.username}</span>
              <span className="muted small">
                {[account.displayName, account.email].filter(Boolean).join(' · ')}
                {account.createdAt && (
                  <>
                    {' · signed up '}
                    <time dateTime={account.createdAt}>{relativeTime(account.createdAt)}</time>
                  </>
                )}
              </span>
            </span>
            <Decision account={account} />
          </li>
        ))}
      </ul>
      <LoadMore
        hasMore={pending.hasNextPage}
        loading={pending.isFetchingNextPage}
        onMore={() => void pending.fetchNextPage()}
      />
    </>
  );
}
