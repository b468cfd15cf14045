import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useToast } from '#/app/toasts';
import { ConfirmDialog } from '#/components/ConfirmDialog';
import type { Conversation, Participant } from '#/lib/api/types';
import { useAcceptRequest, useDeleteConversation } from '#/state/queries/conversations';
import { useBlock } from '#/state/queries/safety';
import { othersOf } from '../people';

/**
 * Above a message request: who it is from, and accept, delete or (in a 1:1) block.
 * Until I accept or reply, the sender sees none of my presence, typing or reads.
 */
export function RequestBanner({ conversation, myId }: { conversation: Conversation; myId: string }) {
  const toast = useToast();
  const navigate = useNavigate();
  const accept = useAcceptRequest(conversation.id);
  const remove = useDeleteConversation(conversation.id);
  const block = useBlock();
  const [blocking, setBlocking] = useState<Participant | null>(null);
  const others = othersOf(conversation, myId);
  const other = !conversation.isGroup ? others[0] : undefined;
  const busy = accept.isPending || remove.isPending || block.isPending;
  const backToRequests = () => void navigate('/messages?folder=requests', { replace: true });

  const onDelete = () =>
    remove.mutate(undefined, {
      onSuccess: () => {
        toast.info('Request deleted.');
        backToRequests();
      },
      onError: (error) => toast.error(error),
    });

  return (
    <div className="request-banner" role="region" aria-label="Message request">
      <p>
        {conversation.isGroup
          ? 'You were added to this group by someone you do not follow.'
          : `${other?.username ?? 'Someone'} wants to send you a message.`}{' '}
        <span className="muted">They will not know you have seen it until you accept or reply.</span>
      </p>
      <div className="request-banner__actions">
        <button
          type="button"
          className="btn btn--primary btn--sm"
          disabled={busy}
          onClick={() =>
            accept.mutate(undefined, {
              onSuccess: () => {
                toast.info('Request accepted.');
                void navigate(`/messages/${conversation.id}`, { replace: true });
              },
              onError: (error) => toast.error(error),
            })
          }
        >
          Accept
        </button>
        <button type="button" className="btn btn--secondary btn--sm" disabled={busy} onClick={onDelete}>
          Delete
        </button>
        {other && (
          <button
            type="button"
            className="btn btn--danger btn--sm"
            disabled={busy}
            onClick={() => setBlocking(other)}
          >
            Block
          </button>
        )}
      </div>
      {blocking && (
        <ConfirmDialog
          title={`Block ${blocking.username}?`}
          confirmLabel="Block"
          busyLabel="Blocking…"
          busy={block.isPending}
          onCancel={() => setBlocking(null)}
          onConfirm={() =>
            block.mutate(blocking, {
              onSuccess: () => {
                setBlocking(null);
                // The conversation leaves my lists too: nothing more of theirs to read.
                remove.mutate(undefined, { onSettled: backToRequests });
                toast.info(`You blocked ${blocking.username}.`);
              },
              onError: (error) => {
                setBlocking(null);
                toast.error(error);
              },
            })
          }
        >
          They will not be able to message you or find your profile. They are not told.
        </ConfirmDialog>
      )}
    </div>
  );
}
