import { Link } from 'react-router';
import type { Post } from '#/lib/api/types';
import { thumbnailOf } from '#/lib/media';
import { StackIcon } from './Icons';
import './PostGrid.css';

/** The square three-column grid of a profile, explore and tag pages; each cell opens the post. */
export function PostGrid({ posts, label = 'Posts' }: { posts: Post[]; label?: string }) {
  return (
    <ul className="post-grid" aria-label={label}>
      {posts.map((post) => {
        const media = post.media[0];
        if (!media) return null;
        const thumb = thumbnailOf(media);
        const alt = media.alt || post.caption.slice(0, 80) || `Post by ${post.author.username}`;
        return (
          <li
            key={post.id}
            className="post-grid__cell"
            style={media.placeholderColour ? { backgroundColor: media.placeholderColour } : undefined}
          >
            <Link to={`/p/${post.id}`} className="post-grid__link">
              <img
                src={thumb.url}
                alt={alt}
                loading="lazy"
                decoding="async"
                width={thumb.width}
                height={thumb.height}
              />
              {post.media.length > 1 && (
                <span className="post-grid__stack" title={`${post.media.length} photos`}>
                  <StackIcon size={18} />
                  <span className="visually-hidden">, {post.media.length} photos</span>
                </span>
              )}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
