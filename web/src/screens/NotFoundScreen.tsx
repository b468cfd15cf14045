import { Link } from 'react-router';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';

export default function NotFoundScreen() {
  useDocumentTitle('Page not found');
  return (
    <div className="page page--narrow centered">
      <h1 className="page__title">Sorry, this page isn&apos;t available.</h1>
      <p className="muted">
        The link may be broken, or the page may have been removed. <Link to="/">Go back to Lenslet.</Link>
      </p>
    </div>
  );
}
