import type { Post } from '#/lib/api/types';

/** The square three-column grid of a profile. */
export function PostGrid({ posts }: { posts: Post[] }) {
  return (
    <ul className="post-grid" aria-label="Posts">
      {posts.map((post) => {
        const media = post.media[0];
        if (!media) return null;
        const thumb =
          [...media.variants].sort((a, b) => a.width - b.width).find((v) => v.width >= 320) ?? media;
        return (
          <li key={post.id} className="post-grid__cell">
            <a href={`/p/${post.id}`} className="post-grid__link">
              <img
                src={thumb.url}
                alt={media.alt || post.caption.slice(0, 80) || `Post by ${post.author.username}`}
                loading="lazy"
                decoding="async"
                width={thumb.width}
                height={thumb.height}
              />
            </a>
          </li>
        );
      })}
    </ul>
  );
}
