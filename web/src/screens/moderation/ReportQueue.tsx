import { EmptyState } from '#/components/EmptyState';
import { ShieldIcon } from '#/components/Icons';
import { LoadMore } from '#/components/LoadMore';
import { QueryError } from '#/components/QueryError';
import { Spinner } from '#/components/Spinner';
import type { ReportStatus } from '#/lib/api/types';
import { useReportQueue } from '#/state/queries/moderation';
import { ReportCard } from './ReportCard';

/** Reported targets, the one with the newest report first; one card per target. */
export function ReportQueue({ status }: { status: ReportStatus }) {
  const queue = useReportQueue(status);
  const groups = queue.data?.pages.flatMap((page) => page.items) ?? [];
  if (queue.isPending) return <Spinner label="Loading reports" />;
  if (queue.isError) return <QueryError error={queue.error} onRetry={() => void queue.refetch()} />;
  if (groups.length === 0) {
    return (
      <EmptyState
        icon={<ShieldIcon size={34} />}
        title={status === 'open' ? 'No open reports' : 'Nothing resolved yet'}
      >
        {status === 'open'
          ? 'When someone reports a post, comment, account or message, it shows up here.'
          : 'Reports you and the other moderators act on are kept here.'}
      </EmptyState>
    );
  }
  return (
    <>
      <div className="mod-list">
        {groups.map((group) => (
          <ReportCard key={`${group.target.type}:${group.target.id}`} group={group} />
        ))}
      </div>
      <LoadMore
        hasMore={queue.hasNextPage}
        loading={queue.isFetchingNextPage}
        onMore={() => void queue.fetchNextPage()}
      />
    </>
  );
}
