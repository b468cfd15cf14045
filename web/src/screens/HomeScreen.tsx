import { Link } from 'react-router';
import { EmptyState } from '#/components/EmptyState';
import { CameraIcon } from '#/components/Icons';
import { LoadMore } from '#/components/LoadMore';
import { PostCard } from '#/components/PostCard';
import { QueryError } from '#/components/QueryError';
import { Spinner } from '#/components/Spinner';
import { isApiError } from '#/lib/api/client';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import { useHomeFeed } from '#/state/queries/feed';
import { useMe } from '#/state/queries/session';
import './HomeScreen.css';

function Welcome() {
  const me = useMe();
  return (
    <EmptyState
      icon={<CameraIcon size={40} />}
      title={`Welcome to Lenslet, ${me.displayName || me.username}`}
    >
      <p>When you follow people, their photos show up here.</p>
      <p>
        <Link to="/settings/profile" className="btn btn--primary">
          Complete your profile
        </Link>
      </p>
    </EmptyState>
  );
}

export default function HomeScreen() {
  useDocumentTitle(undefined);
  const feed = useHomeFeed();
  const posts = feed.data?.pages.flatMap((page) => page.items) ?? [];
  // Servers without the feed yet answer 404: the same as an empty feed to a person.
  const noFeed = feed.isError && isApiError(feed.error) && feed.error.status === 404;

  return (
    <div className="page feed">
      <h1 className="visually-hidden">Home</h1>
      {feed.isPending ? (
        <Spinner label="Loading your feed" />
      ) : noFeed || (feed.isSuccess && posts.length === 0) ? (
        <Welcome />
      ) : feed.isError ? (
        <QueryError error={feed.error} onRetry={() => void feed.refetch()} />
      ) : (
        <>
          {posts.map((post, index) => (
            <PostCard key={post.id} post={post} priority={index === 0} />
          ))}
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
