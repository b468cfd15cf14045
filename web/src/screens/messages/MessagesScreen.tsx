import { useParams, useSearchParams } from 'react-router';
import { EmptyState } from '#/components/EmptyState';
import { SendIcon } from '#/components/Icons';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import { Inbox } from './Inbox';
import { Thread } from './Thread';
import './messages.css';

/**
 * /messages and /messages/:id. Phones show the inbox or the thread; wide
 * screens show both side by side, so one screen serves both routes.
 */
export default function MessagesScreen() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const folder = params.get('folder') === 'requests' ? 'requests' : 'inbox';
  useDocumentTitle('Messages');
  return (
    <div className={`dm${id ? ' dm--thread' : ''}`}>
      {/* Phones show the inbox or the thread alone: the page's one h1 is neither. */}
      <h1 className="visually-hidden">Messages</h1>
      <section className="dm__inbox" aria-label="Conversations">
        <Inbox selectedId={id ?? null} folder={folder} />
      </section>
      <section className="dm__pane" aria-label="Conversation">
        {id ? (
          <Thread key={id} id={id} />
        ) : (
          <EmptyState icon={<SendIcon size={40} />} title="Your messages">
            Send private photos and messages to a friend or group.
          </EmptyState>
        )}
      </section>
    </div>
  );
}
