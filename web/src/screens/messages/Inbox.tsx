import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useToast } from '#/app/toasts';
import { Avatar } from '#/components/Avatar';
import { Dialog } from '#/components/Dialog';
import { EmptyState } from '#/components/EmptyState';
import { SendIcon } from '#/components/Icons';
import { LoadMore } from '#/components/LoadMore';
import { QueryError } from '#/components/QueryError';
import { Spinner } from '#/components/Spinner';
import type { ConversationFolder } from '#/lib/api/endpoints';
import type { Conversation, User } from '#/lib/api/types';
import { relativeTime } from '#/lib/format';
import {
  requestCountOf,
  useConversations,
  useCreateConversation,
  useRequests,
} from '#/state/queries/conversations';
import { useMe } from '#/state/queries/session';
import { conversationTitle, othersOf } from './people';
import { PeoplePicker } from './PeoplePicker';

function preview(conversation: Conversation, myId: string): string {
  const last = conversation.lastMessage;
  if (!last) return 'No messages yet';
  const who = last.sender.id === myId ? 'You: ' : conversation.isGroup ? `${last.sender.username}: ` : '';
  const body = last.text.trim() || (last.media ? 'Sent a photo' : '');
  return who + body;
}

function ConversationAvatar({ conversation, myId }: { conversation: Conversation; myId: string }) {
  const others = othersOf(conversation, myId);
  const online = others.some((p) => p.online);
  return (
    <span className={`dm-avatar${others.length > 1 ? ' dm-avatar--group' : ''}`}>
      {others.slice(0, 2).map((p) => (
        <Avatar key={p.id} user={p} size={others.length > 1 ? 'sm' : 'md'} />
      ))}
      {online && <span className="dm-avatar__online" aria-label="Online" role="img" />}
    </span>
  );
}

function InboxRow({
  conversation,
  myId,
  selected,
  folder,
}: {
  conversation: Conversation;
  myId: string;
  selected: boolean;
  folder: ConversationFolder;
}) {
  const unread = conversation.unreadCount;
  const title = conversationTitle(conversation, myId);
  return (
    <li>
      <Link
        to={`/messages/${conversation.id}${folder === 'requests' ? '?folder=requests' : ''}`}
        className={`dm-row${selected ? ' dm-row--selected' : ''}${unread > 0 ? ' dm-row--unread' : ''}`}
        aria-current={selected ? 'page' : undefined}
        data-testid="conversation-row"
      >
        <ConversationAvatar conversation={conversation} myId={myId} />
        <span className="dm-row__text">
          <span className="dm-row__title">{title}</span>
          <span className="dm-row__preview">
            <span className="dm-row__last">{preview(conversation, myId)}</span>
            {conversation.lastMessage && (
              <time className="muted" dateTime={conversation.updatedAt}>
                {' · '}
                {relativeTime(conversation.updatedAt)}
              </time>
            )}
          </span>
        </span>
        {unread > 0 && (
          <span className="dm-row__unread" aria-label={`${unread} unread`} data-testid="conversation-unread">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </Link>
    </li>
  );
}

function NewConversationDialog({ onClose }: { onClose: () => void }) {
  const me = useMe();
  const navigate = useNavigate();
  const toast = useToast();
  const create = useCreateConversation();
  const [chosen, setChosen] = useState<User[]>([]);
  const [title, setTitle] = useState('');
  const exclude = new Set([me.id]);

  return (
    <Dialog title="New message" onClose={onClose}>
      <form
        className="dm-new"
        onSubmit={(event) => {
          event.preventDefault();
          if (chosen.length === 0) return;
          create.mutate(
            {
              usernames: chosen.map((u) => u.username),
              title: chosen.length > 1 ? title.trim() || undefined : undefined,
            },
            {
              onSuccess: (conversation) => {
                onClose();
                void navigate(`/messages/${conversation.id}`);
              },
              onError: (error) => toast.error(error),
            },
          );
        }}
      >
        <PeoplePicker chosen={chosen} onChange={setChosen} exclude={exclude} />
        {chosen.length > 1 && (
          <input
            className="field__input"
            placeholder="Group name (optional)"
            aria-label="Group name"
            maxLength={100}
            value={title}
            onChange={(event) => setTitle(event.target.value)}
          />
        )}
        <button
          type="submit"
          className="btn btn--primary btn--block"
          disabled={chosen.length === 0 || create.isPending}
        >
          Chat
        </button>
      </form>
    </Dialog>
  );
}

function Folders({ folder, requestCount }: { folder: ConversationFolder; requestCount: number }) {
  return (
    <nav className="inbox__folders" aria-label="Folders">
      <Link
        to="/messages"
        className={`inbox__folder${folder === 'inbox' ? ' is-current' : ''}`}
        aria-current={folder === 'inbox' ? 'page' : undefined}
      >
        Messages
      </Link>
      <Link
        to="/messages?folder=requests"
        className={`inbox__folder${folder === 'requests' ? ' is-current' : ''}`}
        aria-current={folder === 'requests' ? 'page' : undefined}
      >
        Requests
        {requestCount > 0 && (
          <span className="inbox__folder-count" data-testid="request-count">
            {requestCount > 99 ? '99+' : requestCount}
            <span className="visually-hidden"> waiting</span>
          </span>
        )}
      </Link>
    </nav>
  );
}

/** The inbox, or (folder "requests") conversations from people I do not follow, waiting for me. */
export function Inbox({
  selectedId,
  folder = 'inbox',
}: {
  selectedId: string | null;
  folder?: ConversationFolder;
}) {
  const me = useMe();
  const inbox = useConversations();
  const requests = useRequests(folder === 'requests');
  const query = folder === 'requests' ? requests : inbox;
  const [creating, setCreating] = useState(false);
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  const requestCount = requestCountOf(inbox.data) || requestCountOf(requests.data);

  return (
    <div className="inbox">
      <header className="inbox__header">
        <h2 className="inbox__title">{me.username}</h2>
        <button type="button" className="btn btn--primary btn--sm" onClick={() => setCreating(true)}>
          New message
        </button>
      </header>
      <Folders folder={folder} requestCount={requestCount} />
      {query.isPending ? (
        <Spinner />
      ) : query.isError ? (
        <QueryError error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        folder === 'requests' ? (
          <EmptyState icon={<SendIcon size={36} />} title="No message requests">
            Messages from people you do not follow wait here until you accept them. They do not know you have
            seen them.
          </EmptyState>
        ) : (
          <EmptyState icon={<SendIcon size={36} />} title="No messages yet">
            Start a conversation with “New message”.
          </EmptyState>
        )
      ) : (
        <ul className="inbox__list">
          {items.map((conversation) => (
            <InboxRow
              key={conversation.id}
              conversation={conversation}
              myId={me.id}
              selected={conversation.id === selectedId}
              folder={folder}
            />
          ))}
        </ul>
      )}
      <LoadMore
        hasMore={query.hasNextPage}
        loading={query.isFetchingNextPage}
        onMore={() => void query.fetchNextPage()}
      />
      {creating && <NewConversationDialog onClose={() => setCreating(false)} />}
    </div>
  );
}
