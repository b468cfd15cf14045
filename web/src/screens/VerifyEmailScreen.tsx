import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { LogoMark } from '#/components/Icons';
import { Spinner } from '#/components/Spinner';
import { errorMessage, isApiError } from '#/lib/api/client';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import { useVerifyEmail } from '#/state/queries/account-mail';
import { useSession } from '#/state/queries/session';
import './auth.css';

function problemOf(error: unknown): string {
  if (!isApiError(error)) return errorMessage(error);
  switch (error.code) {
    case 'token_invalid':
      return 'This confirmation link is not valid.';
    case 'token_expired':
      return 'This confirmation link has expired.';
    case 'token_used':
      return 'This confirmation link was used already.';
    default:
      return error.message;
  }
}

/**
 * Reached from a mailed link, /verify-email?token=…: confirms the address (or
 * a new one) at once. Works signed in or not — the link may be opened on
 * another device.
 */
export default function VerifyEmailScreen() {
  useDocumentTitle('Confirm your email');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const verify = useVerifyEmail();
  const session = useSession();
  const sent = useRef(false);

  useEffect(() => {
    // Once, even when React mounts effects twice: a token works once.
    if (sent.current || !token) return;
    sent.current = true;
    verify.mutate(token);
  }, [token, verify]);

  let body;
  if (!token) {
    body = <p role="alert">This confirmation link is not complete.</p>;
  } else if (verify.isSuccess) {
    body = (
      <div role="status" className="auth__sent">
        <p className="strong">Your email address is confirmed.</p>
        <Link to={session.data ? '/' : '/login'} className="btn btn--primary btn--block">
          {session.data ? 'Continue to Lenslet' : 'Log in'}
        </Link>
      </div>
    );
  } else if (verify.isError) {
    body = (
      <div role="alert" className="auth__sent">
        <p className="strong">{problemOf(verify.error)}</p>
        <p>
          {session.data
            ? 'You can ask for a new link from the banner at the top of Lenslet.'
            : 'Log in to ask for a new link.'}
        </p>
        <Link to="/">Go to Lenslet</Link>
      </div>
    );
  } else {
    body = <Spinner label="Confirming your email address" />;
  }

  return (
    <div className="auth">
      <div className="auth__card">
        <div className="auth__brand">
          <LogoMark size={44} />
          <h1 className="auth__title">Confirm your email</h1>
        </div>
        {body}
      </div>
    </div>
  );
}
