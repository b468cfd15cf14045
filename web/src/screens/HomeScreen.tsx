import { startTransition, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '#/components/EmptyState';
import { CameraIcon } from '#/components/Icons';
import { LoadMore } from '#/components/LoadMore';
import { PostCard } from '#/components/PostCard';
import { QueryError } from '#/components/QueryError';
import { Spinner } from '#/components/Spinner';
import { isApiError } from '#/lib/api/client';
import { whenIdleAfterPaint } from '#/lib/hooks/useAfterFirstPaint';
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

/**
 * Posts in the first render: more than a tall screen shows (a phone shows one
 * and a half). The rest follow once that screen has been painted and the browser
 * is idle, in a transition (slices the browser can paint between): rendering them
 * right after the first commit competed with rastering the first photo's frame.
 */
const FIRST_RENDER_POSTS = 3;

export default function HomeScreen() {
  useDocumentTitle(undefined);
  const feed = useHomeFeed();
  const posts = feed.data?.pages.flatMap((page) => page.items) ?? [];
  const [showAll, setShowAll] = useState(false);
  const cut = !showAll && posts.length > FIRST_RENDER_POSTS;
  useEffect(() => {
    if (!cut) return;
    return whenIdleAfterPaint(() => startTransition(() => setShowAll(true)));
  }, [cut]);
  const shown = cut ? posts.slice(0, FIRST_RENDER_POSTS) : posts;
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
          {shown.map((post, index) => (
            <PostCard key={post.id} post={post} priority={index === 0} />
          ))}
          <LoadMore
            hasMore={!cut && feed.hasNextPage}
            loading={feed.isFetchingNextPage}
            onMore={() => void feed.fetchNextPage()}
          />
        </>
      )}
    </div>
  );
}
