import { MoreIcon } from '#/components/Icons';
import { Menu } from '#/components/Menu';
import { Spinner } from '#/components/Spinner';
import type { Message } from '#/lib/api/types';
import type { PendingMessage } from '../outbox';
import { Bubble, PendingBubble } from './Bubbles';

/**
 * The messages, oldest first: a button for older pages on top, the sender's name
 * where a group's speaker changes, "Seen" under the last message the others have
 * read (hidden while something of mine is still on its way), then the outbox.
 */
export function MessageList({
  messages,
  pending,
  myId,
  isGroup,
  seenId,
  older,
  onRetry,
  onDiscard,
  onReport,
}: {
  messages: Message[];
  pending: PendingMessage[];
  myId: string;
  isGroup: boolean;
  seenId: string | null;
  older: { hasMore: boolean; loading: boolean; load: () => void };
  onRetry: (clientId: string) => void;
  onDiscard: (clientId: string) => void;
  onReport: (message: Message) => void;
}) {
  return (
    <ol className="thread__list" aria-label="Messages" aria-live="polite">
      {older.hasMore && (
        <li className="thread__older">
          {older.loading ? (
            <Spinner label="Loading older messages" />
          ) : (
            <button type="button" className="btn btn--ghost btn--sm" onClick={older.load}>
              Older messages
            </button>
          )}
        </li>
      )}
      {messages.map((message, index) => {
        const mine = message.sender.id === myId;
        const previous = messages[index - 1];
        const showName = !mine && isGroup && previous?.sender.id !== message.sender.id;
        return (
          <li key={message.id} className={`thread__row${mine ? ' thread__row--mine' : ''}`}>
            {showName && <span className="thread__sender muted">{message.sender.username}</span>}
            {mine ? (
              <Bubble message={message} mine />
            ) : (
              <div className="thread__theirs">
                <Bubble message={message} mine={false} />
                <Menu
                  label={`More options for the message from ${message.sender.username}`}
                  className="thread__message-menu"
                  icon={<MoreIcon size={18} />}
                  items={[{ label: 'Report', danger: true, onSelect: () => onReport(message) }]}
                />
              </div>
            )}
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
          onRetry={() => onRetry(item.clientId)}
          onDiscard={() => onDiscard(item.clientId)}
        />
      ))}
    </ol>
  );
}
