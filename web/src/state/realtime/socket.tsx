// The one Socket.IO connection of a signed-in session. It lives as long as the
// signed-in Shell does (so a logout closes it), reconnects on its own, catches
// up on every (re)connect, and folds each server event into the query cache
// through the pure reducers in reducers.ts.
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import type { Socket } from 'socket.io-client';
import { ApiError, notifySessionExpired, refreshSession } from '#/lib/api/client';
import { isSigningOut } from '#/lib/api/signing-out';
import { conversationsApi } from '#/lib/api/endpoints';
import { useAfterFirstPaint } from '#/lib/hooks/useAfterFirstPaint';
import type { Conversation, Import, Message, Notification } from '#/lib/api/types';
import { conversationKeys, isRequest } from '#/state/queries/conversations';
import { receiveImportProgress } from '#/state/queries/imports';
import { notificationKeys } from '#/state/queries/notifications';
import {
  applyConversationUpdate,
  applyMessageToList,
  applyPresence,
  applyReadMarker,
  applyReadToList,
  applyTyping,
  clearTyping,
  type ConversationList,
  mergeNewMessages,
  newestMessageId,
  type NotificationList,
  prependNotification,
  type ReadMarkers,
  type Thread,
  type TypingState,
} from './reducers';

/** How long a send waits for the server's ack before the bubble says "Not sent". */
export const SEND_TIMEOUT_MS = 10_000;

export interface Realtime {
  connected: boolean;
  /** Sends a text message: over the socket with an ack, or over REST when not connected. */
  send: (conversationId: string, text: string, clientId: string) => Promise<Message>;
  typing: (conversationId: string) => void;
  markRead: (conversationId: string, messageId: string) => void;
}

const offline: Realtime = {
  connected: false,
  send: (conversationId, text, clientId) => conversationsApi.send(conversationId, text, clientId),
  typing: () => undefined,
  markRead: (conversationId, messageId) => {
    void conversationsApi.markRead(conversationId, messageId).catch(() => undefined);
  },
};

const RealtimeContext = createContext<Realtime>(offline);

export function useRealtime(): Realtime {
  return useContext(RealtimeContext);
}

type Ack = { message: Message } | { error: { code: string; message: string } };

/** Puts a message into its cached thread and the inbox. */
export function receiveMessage(queryClient: QueryClient, message: Message, myId: string): void {
  queryClient.setQueryData<Thread>(conversationKeys.thread(message.conversationId), (thread) =>
    mergeNewMessages(thread, [message]),
  );
  queryClient.setQueryData<TypingState>(conversationKeys.typing(message.conversationId), (state) =>
    clearTyping(state, message.sender.id),
  );
  const { list, known } = applyMessageToList(
    queryClient.getQueryData<ConversationList>(conversationKeys.list()),
    message,
    myId,
  );
  if (!known) {
    void queryClient.invalidateQueries({ queryKey: conversationKeys.list() });
    // It may be (or have stopped being, by my reply) a message request, which the inbox does not hold.
    void queryClient.invalidateQueries({ queryKey: conversationKeys.requests() });
    void queryClient.invalidateQueries({ queryKey: conversationKeys.detail(message.conversationId) });
  } else if (list) queryClient.setQueryData(conversationKeys.list(), list);
}

/**
 * After a (re)connect: whatever happened while we were away. The inbox is
 * refetched; each cached thread asks for what came after its newest message.
 */
export async function catchUp(queryClient: QueryClient): Promise<void> {
  void queryClient.invalidateQueries({ queryKey: conversationKeys.list() });
  void queryClient.invalidateQueries({ queryKey: conversationKeys.requests() });
  void queryClient.invalidateQueries({ queryKey: notificationKeys.unread() });
  const threads = queryClient.getQueriesData<Thread>({ queryKey: ['conversations', 'thread'] });
  await Promise.all(
    threads.map(async ([key, thread]) => {
      const id = key[2];
      if (typeof id !== 'string') return;
      const after = newestMessageId(thread);
      if (!after) {
        void queryClient.invalidateQueries({ queryKey: key });
        return;
      }
      try {
        let cursor: string | null = null;
        do {
          const page = await conversationsApi.messagesAfter(id, after, cursor);
          queryClient.setQueryData<Thread>(key, (current) => mergeNewMessages(current, page.items));
          cursor = page.nextCursor;
        } while (cursor);
      } catch (error) {
        // Left or removed meanwhile: the thread screen shows the 404 when it refetches.
        if (error instanceof ApiError && error.status === 404) queryClient.removeQueries({ queryKey: key });
      }
    }),
  );
}

function listen(socket: Socket, queryClient: QueryClient, myId: string): void {
  socket.on('connect', () => {
    void catchUp(queryClient);
  });
  socket.on('message:new', ({ message }: { message: Message }) => receiveMessage(queryClient, message, myId));
  socket.on('message:read', (event: { conversationId: string; userId: string; messageId: string }) => {
    queryClient.setQueryData<ReadMarkers>(conversationKeys.reads(event.conversationId), (markers) =>
      applyReadMarker(markers, event.userId, event.messageId),
    );
    queryClient.setQueryData<ConversationList>(conversationKeys.list(), (list) =>
      applyReadToList(list, event, myId),
    );
    // A thread opened by link holds its own copy (useConversation): my read clears its count too.
    if (event.userId === myId) {
      queryClient.setQueryData<Conversation>(conversationKeys.detail(event.conversationId), (single) =>
        single ? { ...single, unreadCount: 0 } : single,
      );
    }
  });
  socket.on(
    'typing',
    ({ conversationId, user }: { conversationId: string; user: { id: string; username: string } }) => {
      if (user.id === myId) return;
      queryClient.setQueryData<TypingState>(conversationKeys.typing(conversationId), (state) =>
        applyTyping(state, user, Date.now()),
      );
    },
  );
  socket.on('presence', (event: { userId: string; online: boolean; lastSeenAt: string | null }) => {
    queryClient.setQueryData<ConversationList>(conversationKeys.list(), (list) => applyPresence(list, event));
  });
  socket.on('conversation:updated', ({ conversation }: { conversation: Conversation }) => {
    if (isRequest(conversation)) {
      // A request waits in its own folder, not in the inbox.
      void queryClient.invalidateQueries({ queryKey: conversationKeys.requests() });
      void queryClient.invalidateQueries({ queryKey: conversationKeys.detail(conversation.id) });
      return;
    }
    const list = queryClient.getQueryData<ConversationList>(conversationKeys.list());
    if (list) queryClient.setQueryData(conversationKeys.list(), applyConversationUpdate(list, conversation));
    else void queryClient.invalidateQueries({ queryKey: conversationKeys.list() });
    void queryClient.invalidateQueries({ queryKey: conversationKeys.detail(conversation.id) });
  });
  socket.on('import:progress', (progress: Import) => receiveImportProgress(queryClient, progress));
  socket.on(
    'notification:new',
    ({ notification, unreadCount }: { notification: Notification; unreadCount: number }) => {
      queryClient.setQueryData<NotificationList>(notificationKeys.list(), (list) =>
        prependNotification(list, notification, unreadCount),
      );
      queryClient.setQueryData(notificationKeys.unread(), unreadCount);
    },
  );
}

/**
 * After the server ended the socket without a `session:expired`: whether the
 * login still exists decides between connecting again and signing out now.
 */
export async function checkLoginAfterDisconnect(
  refresh: () => Promise<boolean>,
  then: { closed: () => boolean; reconnect: () => void; signOut: () => void },
): Promise<void> {
  // A logout in this tab (under way, or done and the connection unmounted): its own flow
  // shows the login page, and a refresh would only be refused.
  if (then.closed()) return;
  const alive = await refresh();
  if (then.closed()) return;
  if (alive) then.reconnect();
  else then.signOut();
}

/**
 * Opens the connection for `myId` and provides send/typing/read to the
 * screens. socket.io-client is loaded once the first screen has been painted,
 * so the entry chunk does not carry it and its evaluation does not delay that
 * paint; until then the screens send over REST (`offline`).
 */
export function RealtimeProvider({ myId, children }: { myId: string; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [socket, setSocket] = useState<Socket | null>(null);
  const [connected, setConnected] = useState(false);
  const afterFirstPaint = useAfterFirstPaint();

  useEffect(() => {
    if (!afterFirstPaint) return;
    let closed = false;
    let current: Socket | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;
    void import('socket.io-client').then(({ io }) => {
      if (closed) return;
      const s = io({ path: '/socket.io/', transports: ['websocket', 'polling'] });
      current = s;
      listen(s, queryClient, myId);
      s.on('connect', () => {
        failures = 0;
        setConnected(true);
      });
      // The server ends a socket when the access token it was opened with expires, and
      // says so first: refresh the session and connect again with the new cookie.
      let expired = false;
      s.on('session:expired', () => {
        expired = true;
      });
      s.on('disconnect', (reason) => {
        if (reason === 'io server disconnect' && expired) {
          expired = false;
          setConnected(false);
          void refreshSession().then((ok) => {
            if (ok && !closed) s.connect();
          });
          return;
        }
        // Otherwise 'io server disconnect' means this login may have ended (a logout here or
        // everywhere, a revoked login, a suspended account). Re-rendering now could run the
        // signed-in screens in the tick after the session left the cache, or refetch their
        // queries with a dead token, so nothing changes until a refresh tells: refused, the app
        // signs out at once (every open tab of a suspended account does so within the moment);
        // granted (the login lives, only this socket was ended), it connects again.
        if (reason === 'io server disconnect') {
          void checkLoginAfterDisconnect(refreshSession, {
            closed: () => closed || isSigningOut(),
            reconnect: () => s.connect(),
            signOut: notifySessionExpired,
          });
          return;
        }
        setConnected(false);
      });
      // A refused handshake (expired access token) is not retried by the client itself:
      // refresh the session, then try again with a growing pause.
      s.on('connect_error', () => {
        if (s.active || closed) return;
        failures += 1;
        const wait = Math.min(30_000, 1_000 * 2 ** Math.min(failures, 5));
        retry = setTimeout(() => {
          void refreshSession().then((ok) => {
            if (ok && !closed) s.connect();
          });
        }, wait);
      });
      setSocket(s);
    });
    return () => {
      closed = true;
      clearTimeout(retry);
      current?.removeAllListeners();
      current?.disconnect();
      setSocket(null);
      setConnected(false);
    };
  }, [queryClient, myId, afterFirstPaint]);

  const value = useMemo<Realtime>(() => {
    if (!socket || !connected) return offline;
    return {
      connected: true,
      send: async (conversationId, text, clientId) => {
        let ack: Ack;
        try {
          ack = (await socket.timeout(SEND_TIMEOUT_MS).emitWithAck('message:send', {
            conversationId,
            text,
            clientId,
          })) as Ack;
        } catch {
          throw new ApiError(0, 'network_error', 'No answer from Lenslet.');
        }
        if ('error' in ack) throw new ApiError(400, 'bad_request', ack.error.message);
        receiveMessage(queryClient, ack.message, myId);
        return ack.message;
      },
      typing: (conversationId) => {
        socket.emit('typing', { conversationId });
      },
      markRead: (conversationId, messageId) => {
        socket.emit('message:read', { conversationId, messageId });
      },
    };
  }, [socket, connected, queryClient, myId]);

  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}
