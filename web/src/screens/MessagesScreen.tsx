import { EmptyState } from '#/components/EmptyState';
import { SendIcon } from '#/components/Icons';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';

// The nav's "Messages" slot. The direct-message screens replace this route's element.
export default function MessagesScreen() {
  useDocumentTitle('Messages');
  return (
    <div className="page page--narrow">
      <h1 className="page__title">Messages</h1>
      <EmptyState icon={<SendIcon size={40} />} title="Direct messages are on their way">
        Soon you can talk privately with the people you follow here.
      </EmptyState>
    </div>
  );
}
