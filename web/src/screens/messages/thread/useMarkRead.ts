import { useEffect, useRef } from 'react';
import type { Message } from '#/lib/api/types';

/**
 * Marks the newest message read while the thread is on screen and the page
 * visible (again when the page comes back into view): once per message, unless
 * the conversation still counts unread ones; my own newest message needs no
 * mark unless something is unread.
 */
export function useMarkRead(
  conversationId: string,
  newest: Message | undefined,
  unread: number,
  myId: string,
  markRead: (conversationId: string, messageId: string) => void,
): void {
  const markedRef = useRef<string | null>(null);
  useEffect(() => {
    if (!newest) return;
    const mark = () => {
      if (document.visibilityState !== 'visible') return;
      if (markedRef.current === newest.id && unread === 0) return;
      if (newest.sender.id === myId && unread === 0) return;
      markedRef.current = newest.id;
      markRead(conversationId, newest.id);
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [newest, unread, conversationId, myId, markRead]);
}
