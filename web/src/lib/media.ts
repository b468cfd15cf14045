import type { PostMedia } from '#/lib/api/types';

/** The layout width of a post's photos (the feed's column, the post page's photo pane). */
export const POST_PHOTO_SIZES = '(min-width: 640px) 470px, 100vw';

/** The WebP variants (JPEG where there is none) as a srcset, so the browser picks the size the layout needs. */
export function srcSetOf(media: PostMedia): string | undefined {
  const webp = media.variants.filter((v) => v.type === 'image/webp' && v.width > 0);
  const chosen = webp.length > 0 ? webp : media.variants.filter((v) => v.width > 0);
  if (chosen.length === 0) return undefined;
  return [...chosen]
    .sort((a, b) => a.width - b.width)
    .map((v) => `${v.url} ${v.width}w`)
    .join(', ');
}

/** The smallest rendition at least `minWidth` wide (for grid thumbnails), else the largest. */
export function thumbnailOf(
  media: PostMedia,
  minWidth = 320,
): { url: string; width: number; height: number } {
  const sorted = [...media.variants].filter((v) => v.width > 0).sort((a, b) => a.width - b.width);
  const webp = sorted.filter((v) => v.type === 'image/webp');
  return (webp.length > 0 ? webp : sorted).find((v) => v.width >= minWidth) ?? media;
}

/**
 * The frame of a post's photos: the first photo's shape, kept between 4:5
 * (portrait) and 1.91:1 (landscape) as photo apps do, so one very tall photo
 * cannot fill several screens.
 */
export function frameRatio(media: Pick<PostMedia, 'width' | 'height'> | undefined): number {
  if (!media || media.width <= 0 || media.height <= 0) return 1;
  return Math.min(1.91, Math.max(0.8, media.width / media.height));
}

/**
 * Starts loading a post's photo at high priority, as the feed's <img> will ask
 * for it (same srcset and sizes, so the browser picks the same file and the
 * image finds it loaded). No React here: index.html's boot script calls it too.
 */
export function preloadPostPhoto(media: PostMedia): void {
  const link = document.createElement('link');
  link.rel = 'preload';
  link.as = 'image';
  link.href = media.url;
  link.fetchPriority = 'high';
  const srcSet = srcSetOf(media);
  if (srcSet) {
    link.imageSrcset = srcSet;
    link.imageSizes = POST_PHOTO_SIZES;
  }
  document.head.append(link);
}
