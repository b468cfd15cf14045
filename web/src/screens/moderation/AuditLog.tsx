import { EmptyState } from '#/components/EmptyState';
import { ShieldIcon } from '#/components/Icons';
import { LoadMore } from '#/components/LoadMore';
import { QueryError } from '#/components/QueryError';
import { Spinner } from '#/components/Spinner';
import type { AuditEntry } from '#/lib/api/types';
import { relativeTime } from '#/lib/format';
import { useAuditLog } from '#/state/queries/moderation';

/** "post 12", "user ana": what an audit entry was about, whatever shape the server gives it. */
export function describeTarget(target: unknown): string {
  if (typeof target === 'string') return target;
  if (typeof target !== 'object' || target === null) return '';
  const t = target as Record<string, unknown>;
  const type = typeof t.type === 'string' ? t.type : '';
  const name = typeof t.username === 'string' ? t.username : t.id != null ? String(t.id) : '';
  return [type, name].filter(Boolean).join(' ');
}

/** "suspend_user" → "suspend user". */
export function describeAction(action: string): string {
  return action.replace(/[._]/g, ' ');
}

function Entry({ entry }: { entry: AuditEntry }) {
  return (
    <li className="mod-row">
      <span className="mod-row__main">
        <span className="block">
          <span className="strong">{entry.actor?.username ?? 'system'}</span> {describeAction(entry.action)}{' '}
          <span className="strong">{describeTarget(entry.target)}</span>
        </span>
        {entry.reason && <span className="block small">“{entry.reason}”</span>}
      </span>
      <time className="muted small" dateTime={entry.at} title={new Date(entry.at).toLocaleString()}>
        {relativeTime(entry.at)}
      </time>
    </li>
  );
}

/** Every moderation action, newest first: who did what to what, why and when (admins only). */
export function AuditLog() {
  const log = useAuditLog(true);
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];
  if (log.isPending) return <Spinner label="Loading the audit log" />;
  if (log.isError) return <QueryError error={log.error} onRetry={() => void log.refetch()} />;
  if (entries.length === 0) {
    return (
      <EmptyState icon={<ShieldIcon size={34} />} title="No actions yet">
        Every moderation action is recorded here, with who took it and why.
      </EmptyState>
    );
  }
  return (
    <>
      <ol className="card mod-rows" aria-label="Audit log">
        {entries.map((entry) => (
          <Entry key={entry.id} entry={entry} />
        ))}
      </ol>
      <LoadMore
        hasMore={log.hasNextPage}
        loading={log.isFetchingNextPage}
        onMore={() => void log.fetchNextPage()}
      />
    </>
  );
}
