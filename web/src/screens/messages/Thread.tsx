import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useToast } from '#/app/toasts';
import { Avatar } from '#/components/Avatar';
import { Dialog } from '#/components/Dialog';
import { CameraIcon, ChevronLeftIcon, CloseIcon } from '#/components/Icons';
import { QueryError } from '#/components/QueryError';
import { Spinner } from '#/components/Spinner';
import { conversationsApi } from '#/lib/api/endpoints';
import type { Conversation, Message, User } from '#/lib/api/types';
import { useObjectUrlSrc } from '#/lib/hooks/useObjectUrl';
import {
  useAddMembers,
  useConversation,
  useLeaveConversation,
  useReadMarkers,
  useThread,
  useTyping,
} from '#/state/queries/conversations';
import { useMe } from '#/state/queries/session';
import { mergeReadMarkers, seenMessageId, threadOldestFirst, typingNames } from '#/state/realtime/reducers';
import { receiveMessage, useRealtime } from '#/state/realtime/socket';
import { type PendingMessage, useOutbox } from './outbox';
import { conversationTitle, othersOf, presenceLine } from './people';
import { PeoplePicker } from './PeoplePicker';

/** How often a person typing tells the others: the indicator lasts 5 s, so every 2 s keeps it on. */
export const TYPING_EVERY_MS = 2_000;

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** The smallest rendition at least 480 px wide (2× the bubble's 240 px), else the largest stored. */
function bubbleSource(media: NonNullable<Message['media']>): string {
  const wide = media.variants.filter((v) => v.width >= 480).sort((a, b) => a.width - b.width);
  return wide[0]?.url ?? media.url;
}

function Bubble({ message, mine }: { message: Message; mine: boolean }) {
  const media = message.media;
  return (
    <div className={`bubble${mine ? ' bubble--mine' : ''}`} data-testid="message">
      {media && (
        <img
          className="bubble__image"
          src={bubbleSource(media)}
          width={media.width}
          height={media.height}
          alt={media.alt || 'Photo'}
          loading="lazy"
        />
      )}
      {message.text && <p className="bubble__text">{message.text}</p>}
    </div>
  );
}

function LocalImage({ file, alt, className }: { file: File; alt: string; className?: string }) {
  const ref = useObjectUrlSrc(file);
  return <img ref={ref} className={className} alt={alt} />;
}

/** "Uploading… 42%" while the bytes go, "Sending…" once the server has them all and resizes. */
export function UploadStatus({ progress }: { progress: number | null }) {
  if (progress === null) return <>Uploading…</>;
  const percent = Math.min(100, Math.round(progress * 100));
  if (percent >= 100) return <>Sending…</>;
  return (
    <>
      Uploading… <span data-testid="upload-percent">{percent}%</span>
      <progress className="visually-hidden" max={100} value={percent} aria-label="Photo upload" />
    </>
  );
}

function PendingBubble({
  item,
  onRetry,
  onDiscard,
}: {
  item: PendingMessage;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  return (
    <li className="thread__row thread__row--mine">
      <div className={`bubble bubble--mine bubble--pending`} data-testid="pending-message">
        {item.image && <LocalImage file={item.image} className="bubble__image" alt="Photo being sent" />}
        {item.text && <p className="bubble__text">{item.text}</p>}
      </div>
      {item.status === 'sending' ? (
        <span className="thread__meta muted">
          {item.image ? <UploadStatus progress={item.progress} /> : 'Sending…'}
        </span>
      ) : (
        <span className="thread__meta thread__meta--error">
          <button type="button" className="link-btn" onClick={onRetry}>
            Not sent — retry
          </button>{' '}
          <button type="button" className="link-btn muted" onClick={onDiscard}>
            Delete
          </button>
        </span>
      )}
    </li>
  );
}

export function Composer({
  onSend,
  onTyping,
}: {
  onSend: (text: string, image: File | null) => void;
  onTyping: () => void;
}) {
  const [text, setText] = useState('');
  const [image, setImage] = useState<File | null>(null);
  const lastTyping = useRef(0);
  const fileRef = useRef<HTMLInputElement>(null);
  const canSend = text.trim().length > 0 || image !== null;

  const send = () => {
    if (!canSend) return;
    onSend(text, image);
    setText('');
    setImage(null);
    lastTyping.current = 0;
  };

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      {image && (
        <div className="composer__attachment">
          <LocalImage file={image} alt="Photo to send" />
          <button type="button" className="icon-btn" aria-label="Remove photo" onClick={() => setImage(null)}>
            <CloseIcon size={16} />
          </button>
        </div>
      )}
      <div className="composer__row">
        <button
          type="button"
          className="icon-btn"
          aria-label="Attach a photo"
          onClick={() => fileRef.current?.click()}
        >
          <CameraIcon />
        </button>
        <input
          ref={fileRef}
          type="file"
          accept="image/*"
          hidden
          data-testid="message-image"
          onChange={(event) => {
            setImage(event.target.files?.[0] ?? null);
            event.target.value = '';
          }}
        />
        <textarea
          className="composer__input"
          rows={1}
          placeholder="Message…"
          aria-label="Message"
          maxLength={4000}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            const now = Date.now();
            if (event.target.value && now - lastTyping.current >= TYPING_EVERY_MS) {
              lastTyping.current = now;
              onTyping();
            }
          }}
          onKeyDown={(event) => {
            // Enter sends, Shift+Enter starts a new line; not while an IME is composing.
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              send();
            }
          }}
        />
        <button type="submit" className="btn btn--ghost" disabled={!canSend}>
          Send
        </button>
      </div>
    </form>
  );
}

function MembersDialog({ conversation, onClose }: { conversation: Conversation; onClose: () => void }) {
  const me = useMe();
  const toast = useToast();
  const navigate = useNavigate();
  const add = useAddMembers(conversation.id);
  const leave = useLeaveConversation(conversation.id);
  const [chosen, setChosen] = useState<User[]>([]);
  const exclude = new Set(conversation.participants.map((p) => p.id));

  return (
    <Dialog title={conversation.isGroup ? 'Members' : 'Details'} onClose={onClose}>
      <ul className="members">
        {conversation.participants.map((p) => (
          <li key={p.id} className="members__row">
            <Avatar user={p} size="sm" />
            <Link to={`/u/${p.username}`} className="strong">
              {p.username}
            </Link>
            {p.id === me.id ? (
              <span className="muted">you</span>
            ) : (
              p.online && <span className="muted">Active now</span>
            )}
          </li>
        ))}
      </ul>
      {conversation.isGroup && (
        <>
          <h3 className="members__heading">Add people</h3>
          <PeoplePicker chosen={chosen} onChange={setChosen} exclude={exclude} />
          <div className="members__actions">
            <button
              type="button"
              className="btn btn--primary"
              disabled={chosen.length === 0 || add.isPending}
              onClick={() =>
                add.mutate(
                  chosen.map((u) => u.username),
                  { onSuccess: () => setChosen([]), onError: (error) => toast.error(error) },
                )
              }
            >
              Add
            </button>
            <button
              type="button"
              className="btn btn--secondary members__leave"
              disabled={leave.isPending}
              onClick={() =>
                leave.mutate(undefined, {
                  onSuccess: () => {
                    onClose();
                    void navigate('/messages');
                  },
                  onError: (error) => toast.error(error),
                })
              }
            >
              Leave group
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}

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
  const scrollRef = useRef<HTMLDivElement>(null);

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

  // Mark read: the newest message, while the thread is on screen and the page visible.
  const newest = messages[messages.length - 1];
  const markedRef = useRef<string | null>(null);
  const unread = conversation?.unreadCount ?? 0;
  const { markRead } = realtime;
  useEffect(() => {
    if (!newest) return;
    const mark = () => {
      if (document.visibilityState !== 'visible') return;
      if (markedRef.current === newest.id && unread === 0) return;
      if (newest.sender.id === me.id && unread === 0) return;
      markedRef.current = newest.id;
      markRead(id, newest.id);
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [newest, unread, id, me.id, markRead]);

  // Keep the view: at the bottom for new messages (if it was there), in place when older ones load above.
  const firstId = messages[0]?.id;
  const lastKey = `${newest?.id ?? ''}:${pending.length}`;
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
  }, [firstId, lastKey, thread.isPending]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    geometry.current.atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    geometry.current.height = el.scrollHeight;
    if (el.scrollTop < 200 && thread.hasNextPage && !thread.isFetchingNextPage) void thread.fetchNextPage();
  };

  // Stored markers (right after a reload) and live message:read events alike.
  const seenId = seenMessageId(messages, mergeReadMarkers(conversation, markers), me.id);
  const typers = typingNames(typing, now, me.id);
  const title = conversation ? conversationTitle(conversation, me.id) : '';
  const presence = conversation ? presenceLine(conversation, me.id, new Date(now)) : null;

  if (thread.isError) {
    return (
      <div className="thread">
        <QueryError error={thread.error} onRetry={() => void thread.refetch()} />
      </div>
    );
  }

  return (
    <div className="thread">
      <header className="thread__header">
        <Link to="/messages" className="icon-btn thread__back" aria-label="Back to messages">
          <ChevronLeftIcon />
        </Link>
        {conversation && (
          <>
            {othersOf(conversation, me.id)[0] && (
              <Avatar user={othersOf(conversation, me.id)[0] ?? me} size="sm" />
            )}
            <div className="thread__names">
              <h2 className="thread__title">{title}</h2>
              {presence && (
                <span className="thread__presence muted" data-testid="presence">
                  {presence}
                </span>
              )}
            </div>
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => setShowMembers(true)}>
              {conversation.isGroup ? 'Members' : 'Details'}
            </button>
          </>
        )}
      </header>
      <div className="thread__scroll" ref={scrollRef} onScroll={onScroll}>
        {thread.isPending ? (
          <Spinner />
        ) : (
          <ol className="thread__list" aria-label="Messages" aria-live="polite">
            {thread.hasNextPage && (
              <li className="thread__older">
                {thread.isFetchingNextPage ? (
                  <Spinner label="Loading older messages" />
                ) : (
                  <button
                    type="button"
                    className="btn btn--ghost btn--sm"
                    onClick={() => void thread.fetchNextPage()}
                  >
                    Older messages
                  </button>
                )}
              </li>
            )}
            {messages.map((message, index) => {
              const mine = message.sender.id === me.id;
              const previous = messages[index - 1];
              const showName = !mine && conversation?.isGroup && previous?.sender.id !== message.sender.id;
              return (
                <li key={message.id} className={`thread__row${mine ? ' thread__row--mine' : ''}`}>
                  {showName && <span className="thread__sender muted">{message.sender.username}</span>}
                  <Bubble message={message} mine={mine} />
                  {message.id === seenId && pending.length === 0 && (
                    <span className="thread__meta muted" data-testid="seen">
                      Seen
                    </span>
                  )}
                </li>
              );
            })}
            {pending.map((item) => (
              <PendingBubble
                key={item.clientId}
                item={item}
                onRetry={() => outbox.retry(item.clientId)}
                onDiscard={() => outbox.discard(item.clientId)}
              />
            ))}
          </ol>
        )}
      </div>
      <div className="thread__typing muted" aria-live="polite" data-testid="typing">
        {typers.length > 0 && `${typers.join(', ')} ${typers.length > 1 ? 'are' : 'is'} typing…`}
      </div>
      <Composer onSend={outbox.submit} onTyping={() => realtime.typing(id)} />
      {showMembers && conversation && (
        <MembersDialog conversation={conversation} onClose={() => setShowMembers(false)} />
      )}
    </div>
  );
}
