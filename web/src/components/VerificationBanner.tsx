import { useState } from 'react';
import { errorMessage } from '#/lib/api/client';
import type { OwnUser } from '#/lib/api/types';
import { useResendVerification } from '#/state/queries/account-mail';
import './VerificationBanner.css';

/**
 * Until the account's address is confirmed, a quiet banner says where the link
 * went and offers another. Nothing is blocked meanwhile.
 */
export function VerificationBanner({ me }: { me: OwnUser }) {
  const resend = useResendVerification();
  const [resent, setResent] = useState(false);
  if (me.emailVerified) return null;
  return (
    <section className="verify-banner" aria-label="Confirm your email address">
      <p className="verify-banner__text">
        Please confirm your email address: we sent a link to <span className="strong">{me.email}</span>.
      </p>
      <div className="verify-banner__action" aria-live="polite">
        {resent ? (
          <span role="status">Sent. Check your inbox.</span>
        ) : (
          <button
            type="button"
            className="btn btn--secondary btn--sm"
            disabled={resend.isPending}
            onClick={() => resend.mutate(undefined, { onSuccess: () => setResent(true) })}
          >
            {resend.isPending ? 'Sending…' : 'Send a new link'}
          </button>
        )}
        {resend.isError && (
          <span role="alert" className="verify-banner__error">
            {errorMessage(resend.error)}
          </span>
        )}
      </div>
    </section>
  );
}
