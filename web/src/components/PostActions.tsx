import { Link } from 'react-router';
import { useToast } from '#/app/toasts';
import type { Post } from '#/lib/api/types';
import { compactCount, plural } from '#/lib/format';
import { useLikeToggle, useSaveToggle } from '#/state/queries/posts';
import { BookmarkIcon, CommentIcon, HeartIcon } from './Icons';
import './PostActions.css';

/** Like, comment and save under a post's photos, and the like count. */
export function PostActions({ post, onComment }: { post: Post; onComment?: () => void }) {
  const toggleLike = useLikeToggle();
  const toggleSave = useSaveToggle();
  const toast = useToast();
  const commentLabel = 'Comment';
  return (
    <div className="post-actions">
      <div className="post-actions__row">
        <button
          type="button"
          className={`icon-btn post-actions__like${post.likedByMe ? ' is-on' : ''}`}
          aria-pressed={post.likedByMe}
          aria-label="Like"
          onClick={() => toggleLike(post, !post.likedByMe, (error, retry) => toast.error(error, retry))}
        >
          <HeartIcon filled={post.likedByMe} />
        </button>
        {onComment ? (
          <button type="button" className="icon-btn" aria-label={commentLabel} onClick={onComment}>
            <CommentIcon />
          </button>
        ) : (
          <Link to={`/p/${post.id}`} className="icon-btn" aria-label={commentLabel}>
            <CommentIcon />
          </Link>
        )}
        <button
          type="button"
          className="icon-btn post-actions__save"
          aria-pressed={post.savedByMe}
          aria-label="Save"
          onClick={() => toggleSave(post, !post.savedByMe, (error, retry) => toast.error(error, retry))}
        >
          <BookmarkIcon filled={post.savedByMe} />
        </button>
      </div>
      <p className="strong" data-testid="like-count" aria-live="polite">
        {compactCount(post.likeCount)} {plural(post.likeCount, 'like', 'likes')}
      </p>
    </div>
  );
}
