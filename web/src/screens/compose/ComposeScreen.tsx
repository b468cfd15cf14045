import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { useToast } from '#/app/toasts';
import { ConfirmDialog } from '#/components/ConfirmDialog';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import { Composer } from './Composer';
import { useLeaveGuard } from './useLeaveGuard';
import './ComposeScreen.css';

export default function ComposeScreen() {
  useDocumentTitle('New post');
  const navigate = useNavigate();
  const toast = useToast();
  // Photos picked or a caption typed: leaving would lose them, so it asks first.
  const [hasWork, setHasWork] = useState(false);
  // Set on success before navigating to the post: that navigation must not ask.
  const posted = useRef(false);
  const blocker = useLeaveGuard(hasWork, () => hasWork && !posted.current);

  return (
    <div className="page page--narrow compose">
      <h1 className="page__title">New post</h1>
      <Composer
        onWorkChange={setHasWork}
        onPosted={(post) => {
          posted.current = true;
          toast.info('Your post was shared.');
          // Replace: Back from the new post should not reopen an emptied composer.
          void navigate(`/p/${post.id}`, { replace: true });
        }}
      />
      {blocker.state === 'blocked' && (
        <ConfirmDialog
          title="Discard this post?"
          confirmLabel="Discard"
          onConfirm={() => blocker.proceed()}
          onCancel={() => blocker.reset()}
        >
          <p>If you leave now, your photos and caption will be lost.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
