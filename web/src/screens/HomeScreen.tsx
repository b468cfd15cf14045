import { startTransition, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '#/components/EmptyState';
import { CameraIcon } from '#/components/Icons';
import { LoadMore } from '#/components/LoadMore';
import { PostCard } from '#/components/PostCard';
import { QueryError } from '#/components/QueryError';
import { Spinner } from '#/components/Spinner';
import { isApiError } from '#/lib/api/client';
import type { Post } from '#/lib/api/types';
import { whenIdleAfterPaint } from '#/lib/hooks/useAfterFirstPaint';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import { frameRatio } from '#/lib/media';
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

/** What surrounds a post's photo in the feed (header, actions, caption, comments link, gaps), in px. */
const POST_CHROME_PX = 190;
/** Above the first post: the phone's top bar and the page's padding, in px. */
const FEED_TOP_PX = 72;
/** The feed column's widest photo (HomeScreen.css: 500 px less the page's 16 px padding each side). */
const FEED_PHOTO_MAX_PX = 468;

/**
 * Posts in the first render: as many as fill the screen, from their photos' shapes
 * (a phone shows one and a bit of a portrait post). The rest follow once that screen
 * has been painted and the browser is idle, in a transition (slices the browser can
 * paint between): each post more in the first render is more script, layout and
 * paint before the first photo shows.
 */
export function firstRenderCount(posts: Post[]): number {
  const photoWidth = Math.min(window.innerWidth - 32, FEED_PHOTO_MAX_PX);
  let bottom = FEED_TOP_PX;
  let count = 0;
  for (const post of posts) {
    count += 1;
    const first = post.media[0];
    bottom += POST_CHROME_PX + (first ? photoWidth / frameRatio(first) : 0);
    if (bottom >= window.innerHeight) break;
  }
  return count;
}

export default function HomeScreen() {
  useDocumentTitle(undefined);
  const feed = useHomeFeed();
  const posts = feed.data?.pages.flatMap((page) => page.items) ?? [];
  const [showAll, setShowAll] = useState(false);
  const firstCount = showAll ? posts.length : firstRenderCount(posts);
  const cut = !showAll && posts.length > firstCount;
  useEffect(() => {
    if (!cut) return;
    return whenIdleAfterPaint(() => startTransition(() => setShowAll(true)));
  }, [cut]);
  const shown = cut ? posts.slice(0, firstCount) : posts;
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
