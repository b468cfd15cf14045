import { Link } from 'react-router';
import { useToast } from '#/app/toasts';
import type { Post } from '#/lib/api/types';
import { compactCount, relativeTime } from '#/lib/format';
import { useLikeToggle } from '#/state/queries/posts';
import { Avatar } from './Avatar';
import { Carousel } from './Carousel';
import { EditedMark } from './EditedMark';
import { PostActions } from './PostActions';
import { PostMenu } from './PostMenu';
import { RichText } from './RichText';
import './PostCard.css';

export { srcSetOf } from '#/lib/media';

/** One post in the feed. `priority` for the first one, the page's largest paint. */
export function PostCard({ post, priority = false }: { post: Post; priority?: boolean }) {
  const toggleLike = useLikeToggle();
  const toast = useToast();
  const path = `/p/${post.id}`;
  return (
    <article className="post-card" aria-labelledby={`post-${post.id}-author`}>
      <header className="post-card__header">
        <Link to={`/u/${post.author.username}`} className="post-card__author" id={`post-${post.id}-author`}>
          <Avatar user={post.author} size="sm" />
          <span className="strong">{post.author.username}</span>
        </Link>
        <span className="muted small">
          •{' '}
          <Link
            to={path}
            className="post-card__time"
            aria-label={`Open post, ${relativeTime(post.createdAt)}`}
          >
            <time dateTime={post.createdAt}>{relativeTime(post.createdAt)}</time>
          </Link>
          <EditedMark editedAt={post.editedAt} />
        </span>
        <PostMenu post={post} />
      </header>
      {post.media.length > 0 && (
        <Carousel
          media={post.media}
          label={`Photos by ${post.author.username}`}
          fallbackAlt={`Photo by ${post.author.username}`}
          priority={priority}
          // A double tap only ever likes (as in every photo app); the heart button also unlikes.
          onDoubleTap={() => {
            if (!post.likedByMe) toggleLike(post, true, (error, retry) => toast.error(error, retry));
          }}
        />
      )}
      <div className="post-card__body">
        <PostActions post={post} />
        {post.caption && (
          <p className="post-card__caption">
            <Link to={`/u/${post.author.username}`} className="strong">
              {post.author.username}
            </Link>{' '}
            <RichText text={post.caption} />
          </p>
        )}
        <p className="small">
          <Link to={path} className="muted">
            {post.commentCount === 0
              ? 'Add a comment…'
              : post.commentCount === 1
                ? 'View the comment'
                : `View all ${compactCount(post.commentCount)} comments`}
          </Link>
        </p>
      </div>
    </article>
  );
}
