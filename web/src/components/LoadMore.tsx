import { useEffect, useRef } from 'react';
import { Spinner } from './Spinner';
import './LoadMore.css';

/**
 * The end of an infinite list: loads the next page when it scrolls into view,
 * and is also a button for keyboards and for browsers without IntersectionObserver.
 */
export function LoadMore({
  hasMore,
  loading,
  onMore,
}: {
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const onMoreRef = useRef(onMore);
  useEffect(() => {
    onMoreRef.current = onMore;
  });

  useEffect(() => {
    const node = ref.current;
    if (!node || !hasMore || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) onMoreRef.current();
      },
      { rootMargin: '600px 0px' },
    );
    observer.observe(node);
    return () => observer.disconnect();
  }, [hasMore]);

  if (!hasMore) return null;
  return (
    <div ref={ref} className="load-more">
      {loading ? (
        <Spinner label="Loading more" />
      ) : (
        <button type="button" className="btn btn--ghost" onClick={onMore}>
          Show more
        </button>
      )}
    </div>
  );
}
