import { useParams } from 'react-router';
import { EmptyState } from '#/components/EmptyState';
import { HashIcon } from '#/components/Icons';
import { LoadMore } from '#/components/LoadMore';
import { PostGrid } from '#/components/PostGrid';
import { QueryError } from '#/components/QueryError';
import { Spinner } from '#/components/Spinner';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import { useTagFeed } from '#/state/queries/feed';
import './explore.css';

export default function TagScreen() {
  const { tag: raw = '' } = useParams();
  // The API takes the tag in any case, with or without '#'; show it as the server stores it.
  const tag = raw.replace(/^#/, '').toLowerCase();
  useDocumentTitle(`#${tag}`);
  const feed = useTagFeed(tag);
  const posts = feed.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="page tag-page">
      <header className="tag-page__header">
        <span className="tag-page__badge" aria-hidden="true">
          <HashIcon size={40} />
        </span>
        <h1 className="tag-page__title">#{tag}</h1>
      </header>
      {feed.isPending ? (
        <Spinner label={`Loading #${tag}`} />
      ) : feed.isError ? (
        <QueryError error={feed.error} onRetry={() => void feed.refetch()} />
      ) : posts.length === 0 ? (
        <EmptyState title="No posts yet">No public post uses #{tag} yet.</EmptyState>
      ) : (
        <>
          <PostGrid posts={posts} label={`Posts tagged #${tag}`} />
          <LoadMore
            hasMore={feed.hasNextPage}
            loading={feed.isFetchingNextPage}
            onMore={() => void feed.fetchNextPage()}
          />
        </>
      )}
    </div>
  );
}
