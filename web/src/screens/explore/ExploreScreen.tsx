import { EmptyState } from '#/components/EmptyState';
import { CompassIcon } from '#/components/Icons';
import { LoadMore } from '#/components/LoadMore';
import { PostGrid } from '#/components/PostGrid';
import { QueryError } from '#/components/QueryError';
import { SearchBox } from '#/components/SearchBox';
import { Spinner } from '#/components/Spinner';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import { useExploreFeed } from '#/state/queries/feed';
import './explore.css';

export default function ExploreScreen() {
  useDocumentTitle('Explore');
  const feed = useExploreFeed();
  const posts = feed.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div className="page explore">
      <div className="explore__search">
        <SearchBox />
      </div>
      <h1 className="page__title">Explore</h1>
      {feed.isPending ? (
        <Spinner label="Loading popular posts" />
      ) : feed.isError ? (
        <QueryError error={feed.error} onRetry={() => void feed.refetch()} />
      ) : posts.length === 0 ? (
        <EmptyState icon={<CompassIcon size={40} />} title="Nothing to explore yet">
          Popular photos of the last week from people you don&apos;t follow show up here.
        </EmptyState>
      ) : (
        <>
          <PostGrid posts={posts} label="Popular posts" />
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
