import { useToast } from '#/app/toasts';
import { EmptyState } from '#/components/EmptyState';
import { UserPlusIcon } from '#/components/Icons';
import { LoadMore } from '#/components/LoadMore';
import { QueryError } from '#/components/QueryError';
import { Spinner } from '#/components/Spinner';
import { UserRow } from '#/components/UserRow';
import type { User } from '#/lib/api/types';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import { useAnswerFollowRequest, useFollowRequests } from '#/state/queries/follow-requests';

function RequestActions({ user }: { user: User }) {
  const answer = useAnswerFollowRequest();
  const toast = useToast();
  const send = (accept: boolean) =>
    answer.mutate(
      { userId: user.id, accept },
      { onError: (error) => toast.error(error, () => send(accept)) },
    );
  return (
    <div className="row-gap">
      <button
        type="button"
        className="btn btn--primary btn--sm"
        disabled={answer.isPending}
        onClick={() => send(true)}
        aria-label={`Confirm ${user.username}`}
      >
        Confirm
      </button>
      <button
        type="button"
        className="btn btn--secondary btn--sm"
        disabled={answer.isPending}
        onClick={() => send(false)}
        aria-label={`Delete request from ${user.username}`}
      >
        Delete
      </button>
    </div>
  );
}

export default function FollowRequestsScreen() {
  useDocumentTitle('Follow requests');
  const requests = useFollowRequests();
  const people = requests.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="page page--narrow">
      <h1 className="page__title">Follow requests</h1>
      {requests.isPending ? (
        <Spinner />
      ) : requests.isError ? (
        <QueryError error={requests.error} onRetry={() => void requests.refetch()} />
      ) : people.length === 0 ? (
        <EmptyState icon={<UserPlusIcon size={34} />} title="No pending requests">
          When someone asks to follow your private account, you will see it here.
        </EmptyState>
      ) : (
        <>
          <ul className="user-list">
            {people.map((user) => (
              <UserRow key={user.id} user={user} action={<RequestActions user={user} />} />
            ))}
          </ul>
          <LoadMore
            hasMore={requests.hasNextPage}
            loading={requests.isFetchingNextPage}
            onMore={() => void requests.fetchNextPage()}
          />
        </>
      )}
    </div>
  );
}
