import { Link } from 'react-router';
import { Avatar } from '#/components/Avatar';
import { ChevronLeftIcon } from '#/components/Icons';
import type { Conversation, OwnUser } from '#/lib/api/types';
import { conversationTitle, othersOf, presenceLine } from '../people';

/** Back to the inbox, who the conversation is with and whether they are around, and its details. */
export function ThreadHeader({
  conversation,
  me,
  now,
  onShowMembers,
}: {
  conversation: Conversation | undefined;
  me: OwnUser;
  now: number;
  onShowMembers: () => void;
}) {
  const title = conversation ? conversationTitle(conversation, me.id) : '';
  const presence = conversation ? presenceLine(conversation, me.id, new Date(now)) : null;
  return (
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
          <button type="button" className="btn btn--ghost btn--sm" onClick={onShowMembers}>
            {conversation.isGroup ? 'Members' : 'Details'}
          </button>
        </>
      )}
    </header>
  );
}
