import { useNavigate } from 'react-router';
import { useToast } from '#/app/toasts';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import { Composer } from './Composer';
import './ComposeScreen.css';

export default function ComposeScreen() {
  useDocumentTitle('New post');
  const navigate = useNavigate();
  const toast = useToast();
  return (
    <div className="page page--narrow compose">
      <h1 className="page__title">New post</h1>
      <Composer
        onPosted={(post) => {
          toast.info('Your post was shared.');
          // Replace: Back from the new post should not reopen an emptied composer.
          void navigate(`/p/${post.id}`, { replace: true });
        }}
      />
    </div>
  );
}
