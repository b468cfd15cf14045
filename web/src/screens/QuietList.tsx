import { useToast } from '#/app/toasts';
import { LoadMore } from '#/components/LoadMore';
import { QueryError } from '#/components/QueryError';
import { Spinner } from '#/components/Spinner';
import { UserRow } from '#/components/UserRow';
import type { User } from '#/lib/api/types';
import { type RelationKind, useRelationList, useRelationToggle } from '#/state/queries/safety';

const WORDS: Record<RelationKind, { undo: string; empty: string; done: (name: string) => string }> = {
  mute: {
    undo: 'Unmute',
    empty: 'You have not muted anyone. Muted accounts leave your feed and notifications; they are not told.',
    done: (name) => `${name} is no longer muted.`,
  },
  restrict: {
    undo: 'Unrestrict',
    empty:
      'You have not restricted anyone. Their comments on your posts are seen only by them and you, and their messages arrive as requests.',
    done: (name) => `${name} is no longer restricted.`,
  },
};

function Undo({ user, kind }: { user: User; kind: RelationKind }) {
  const toggle = useRelationToggle(kind);
  const toast = useToast();
  const words = WORDS[kind];
  return (
    <button
      type="button"
      className="btn btn--secondary btn--sm"
      disabled={toggle.isPending}
      aria-label={`${words.undo} ${user.username}`}
      onClick={() =>
        toggle.mutate(
          { user, on: false },
          { onSuccess: () => toast.info(words.done(user.username)), onError: (error) => toast.error(error) },
        )
      }
    >
      {words.undo}
    </button>
  );
}

/** The accounts I muted or restricted, each with its undo. */
export function QuietList({ kind }: { kind: RelationKind }) {
  const list = useRelationList(kind);
  const people = list.data?.pages.flatMap((page) => page.items) ?? [];
  if (list.isPending) return <Spinner />;
  if (list.isError) return <QueryError error={list.error} onRetry={() => void list.refetch()} />;
  if (people.length === 0) return <p className="muted settings-empty">{WORDS[kind].empty}</p>;
  return (
    <>
      <ul className="user-list settings-people">
        {people.map((user) => (
          <UserRow key={user.id} user={user} action={<Undo user={user} kind={kind} />} />
        ))}
      </ul>
      <LoadMore
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onMore={() => void list.fetchNextPage()}
      />
    </>
  );
}
