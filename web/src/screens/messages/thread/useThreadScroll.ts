import { useLayoutEffect, useRef } from 'react';

/**
 * Keeps the thread's view: at the bottom for new messages (if it was there), in
 * place when older ones load above; near the top it asks for older messages.
 * `firstId` is the oldest message shown, `lastKey` changes with the newest one
 * or the outbox, `loading` while the first page is on its way.
 */
export function useThreadScroll({
  firstId,
  lastKey,
  loading,
  onNearTop,
}: {
  firstId: string | undefined;
  lastKey: string;
  loading: boolean;
  onNearTop: () => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const geometry = useRef({ firstId: undefined as string | undefined, height: 0, atBottom: true });
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const before = geometry.current;
    if (before.firstId && firstId !== before.firstId && before.height > 0) {
      el.scrollTop += el.scrollHeight - before.height;
    } else if (before.atBottom) {
      el.scrollTop = el.scrollHeight;
    }
    geometry.current = { firstId, height: el.scrollHeight, atBottom: before.atBottom };
  }, [firstId, lastKey, loading]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    geometry.current.atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    geometry.current.height = el.scrollHeight;
    if (el.scrollTop < 200) onNearTop();
  };
  return { scrollRef, onScroll };
}
