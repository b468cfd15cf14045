// Messages on their way: shown at once as pending bubbles, each keyed by a
// clientId chosen before the first try. A retry sends the SAME clientId, so a
// send that reached the server although its answer was lost is not stored twice.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Message } from '#/lib/api/types';

export interface PendingMessage {
  clientId: string;
  text: string;
  image: File | null;
  status: 'sending' | 'failed';
  /** How much of an image has been sent, 0–1; null before the first report (and for text). */
  progress: number | null;
}

/** Tells the outbox how far an upload has got (0–1). */
export type ReportProgress = (fraction: number) => void;

export function newClientId(): string {
  // randomUUID needs a secure context; a self-hosted server on plain http over a LAN is not one.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function useOutbox(deliver: (pending: PendingMessage, report: ReportProgress) => Promise<Message>) {
  const [pending, setPending] = useState<PendingMessage[]>([]);
  // What a retry reads: state updaters may run twice (StrictMode), a send must not.
  const pendingRef = useRef(pending);
  const deliverRef = useRef(deliver);
  useEffect(() => {
    pendingRef.current = pending;
    deliverRef.current = deliver;
  });

  const attempt = useCallback(async (item: PendingMessage) => {
    const update = (change: Partial<PendingMessage>) =>
      setPending((list) => list.map((p) => (p.clientId === item.clientId ? { ...p, ...change } : p)));
    update({ status: 'sending', progress: null });
    try {
      await deliverRef.current(item, (fraction) => update({ progress: fraction }));
      setPending((list) => list.filter((p) => p.clientId !== item.clientId));
    } catch {
      setPending((list) => list.map((p) => (p.clientId === item.clientId ? { ...p, status: 'failed' } : p)));
    }
  }, []);

  const submit = useCallback(
    (text: string, image: File | null = null) => {
      const item: PendingMessage = {
        clientId: newClientId(),
        text,
        image,
        status: 'sending',
        progress: null,
      };
      setPending((list) => [...list, item]);
      void attempt(item);
    },
    [attempt],
  );

  const retry = useCallback(
    (clientId: string) => {
      const item = pendingRef.current.find((p) => p.clientId === clientId);
      if (item && item.status === 'failed') void attempt(item);
    },
    [attempt],
  );

  const discard = useCallback((clientId: string) => {
    setPending((list) => list.filter((p) => p.clientId !== clientId));
  }, []);

  return { pending, submit, retry, discard };
}
