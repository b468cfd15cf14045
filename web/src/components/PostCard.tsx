import { Link } from 'react-router';
import type { Post } from '#/lib/api/types';
import { compactCount, plural, relativeTime } from '#/lib/format';
import { Avatar } from './Avatar';

/** The WebP variants (JPEG where there is none) as a srcset, so the browser picks the size the layout needs. */
export function srcSetOf(media: Post['media'][number]): string | undefined {
  const webp = media.variants.filter((v) => v.type === 'image/webp' && v.width > 0);
  const chosen = webp.length > 0 ? webp : media.variants.filter((v) => v.width > 0);
  if (chosen.length === 0) return undefined;
  return [...chosen]
    .sort((a, b) => a.width - b.width)
    .map((v) => `${v.url} ${v.width}w`)
    .join(', ');
}

/** One post in the feed. `priority` for the first one, the page's largest paint. */
export function PostCard({ post, priority = false }: { post: Post; priority?: boolean }) {
  const media = post.media[0];
  return (
    <article className="post-card" aria-labelledby={`post-${post.id}-author`}>
      <header className="post-card__header">
        <Link to={`/u/${post.author.username}`} className="post-card__author" id={`post-${post.id}-author`}>
          <Avatar user={post.author} size="sm" />
          <span className="strong">{post.author.username}</span>
        </Link>
        <span className="muted small">
          • <time dateTime={post.createdAt}>{relativeTime(post.createdAt)}</time>
        </span>
      </header>
      {media && (
        <div
          className="post-card__media"
          // The average colour holds the place while the photo loads (a style property: allowed by the CSP).
          style={media.placeholderColour ? { backgroundColor: media.placeholderColour } : undefined}
        >
          <img
            src={media.url}
            srcSet={srcSetOf(media)}
            sizes="(min-width: 640px) 470px, 100vw"
            width={media.width}
            height={media.height}
            alt={media.alt || `Photo by ${post.author.username}`}
            loading={priority ? 'eager' : 'lazy'}
            fetchPriority={priority ? 'high' : 'auto'}
            decoding="async"
          />
        </div>
      )}
      <div className="post-card__body">
        <p className="strong">
          {compactCount(post.likeCount)} {plural(post.likeCount, 'like', 'likes')}
        </p>
        {post.caption && (
          <p className="post-card__caption">
            <Link to={`/u/${post.author.username}`} className="strong">
              {post.author.username}
            </Link>{' '}
            {post.caption}
          </p>
        )}
        {post.commentCount > 0 && (
          <p className="muted small">
            View {post.commentCount === 1 ? 'the comment' : `all ${compactCount(post.commentCount)} comments`}
          </p>
        )}
      </div>
    </article>
  );
}
