import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useToast } from '#/app/toasts';
import { Avatar } from '#/components/Avatar';
import { Dialog } from '#/components/Dialog';
import type { Conversation, User } from '#/lib/api/types';
import { useAddMembers, useLeaveConversation } from '#/state/queries/conversations';
import { useMe } from '#/state/queries/session';
import { PeoplePicker } from '../PeoplePicker';

/** Who is in the conversation; in a group, adding people and leaving. */
export function MembersDialog({
  conversation,
  onClose,
}: {
  conversation: Conversation;
  onClose: () => void;
}) {
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
