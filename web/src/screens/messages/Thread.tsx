// One conversation: its header, the messages, who is typing and the composer.
// The parts live in ./thread/; this file wires them to the queries, the live
// socket and the outbox.
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { QueryError } from '#/components/QueryError';
import { ReportDialog } from '#/components/ReportDialog';
import { Spinner } from '#/components/Spinner';
import { conversationsApi } from '#/lib/api/endpoints';
import {
  isRequest,
  useConversation,
  useReadMarkers,
  useThread,
  useTyping,
} from '#/state/queries/conversations';
import { useMe } from '#/state/queries/session';
import { mergeReadMarkers, seenMessageId, threadOldestFirst, typingNames } from '#/state/realtime/reducers';
import { receiveMessage, useRealtime } from '#/state/realtime/socket';
import { useOutbox } from './outbox';
import { Composer } from './thread/Composer';
import { MembersDialog } from './thread/MembersDialog';
import { MessageList } from './thread/MessageList';
import { RequestBanner } from './thread/RequestBanner';
import { ThreadHeader } from './thread/ThreadHeader';
import { TypingIndicator } from './thread/TypingIndicator';
import { useMarkRead } from './thread/useMarkRead';
import { useNow } from './thread/useNow';
import { useThreadScroll } from './thread/useThreadScroll';

export function Thread({ id }: { id: string }) {
  const me = useMe();
  const queryClient = useQueryClient();
  const realtime = useRealtime();
  const { conversation } = useConversation(id);
  const thread = useThread(id);
  const markers = useReadMarkers(id);
  const typing = useTyping(id);
  // Ticks fast only while a "typing…" may need to expire; presence ("Active 5 m ago") can wait.
  const now = useNow(typing && Object.keys(typing).length > 0 ? 1_000 : 30_000);
  const [showMembers, setShowMembers] = useState(false);
  const [reporting, setReporting] = useState<string | null>(null);

  const messages = useMemo(() => threadOldestFirst(thread.data), [thread.data]);
  const sentClientIds = useMemo(
    () => new Set(messages.filter((m) => m.sender.id === me.id).map((m) => m.clientId)),
    [messages, me.id],
  );

  const outbox = useOutbox(async (item, report) => {
    const message = item.image
      ? await conversationsApi.sendImage(
          id,
          { image: item.image, text: item.text, clientId: item.clientId },
          ({ loaded, total }) => report(total > 0 ? loaded / total : 0),
        )
      : await realtime.send(id, item.text, item.clientId);
    receiveMessage(queryClient, message, me.id);
    return message;
  });
  // A pending message whose copy already arrived (message:new before the ack) is shown once.
  const pending = outbox.pending.filter((p) => !sentClientIds.has(p.clientId));

  const newest = messages[messages.length - 1];
  useMarkRead(id, newest, conversation?.unreadCount ?? 0, me.id, realtime.markRead);

  const loadOlder = () => {
    if (thread.hasNextPage && !thread.isFetchingNextPage) void thread.fetchNextPage();
  };
  const { scrollRef, onScroll } = useThreadScroll({
    firstId: messages[0]?.id,
    lastKey: `${newest?.id ?? ''}:${pending.length}`,
    loading: thread.isPending,
    onNearTop: loadOlder,
  });

  // Stored markers (right after a reload) and live message:read events alike.
  const seenId = seenMessageId(messages, mergeReadMarkers(conversation, markers), me.id);
  const typers = typingNames(typing, now, me.id);

  if (thread.isError) {
    return (
      <div className="thread">
        <QueryError error={thread.error} onRetry={() => void thread.refetch()} />
      </div>
    );
  }

  return (
    <div className="thread">
      <ThreadHeader
        conversation={conversation}
        me={me}
        now={now}
        onShowMembers={() => setShowMembers(true)}
      />
      {conversation && isRequest(conversation) && <RequestBanner conversation={conversation} myId={me.id} />}
      <div className="thread__scroll" ref={scrollRef} onScroll={onScroll}>
        {thread.isPending ? (
          <Spinner />
        ) : (
          <MessageList
            messages={messages}
            pending={pending}
            myId={me.id}
            isGroup={conversation?.isGroup ?? false}
            seenId={seenId}
            older={{
              hasMore: thread.hasNextPage,
              loading: thread.isFetchingNextPage,
              load: () => void thread.fetchNextPage(),
            }}
            onRetry={outbox.retry}
            onDiscard={outbox.discard}
            onReport={(message) => setReporting(message.id)}
          />
        )}
      </div>
      <TypingIndicator typers={typers} />
      <Composer onSend={outbox.submit} onTyping={() => realtime.typing(id)} />
      {reporting && (
        <ReportDialog targetType="message" targetId={reporting} onClose={() => setReporting(null)} />
      )}
      {showMembers && conversation && (
        <MembersDialog conversation={conversation} onClose={() => setShowMembers(false)} />
      )}
    </div>
  );
}
