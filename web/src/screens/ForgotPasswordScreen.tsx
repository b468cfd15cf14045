import { useState } from 'react';
import { Link } from 'react-router';
import { Field, FormError } from '#/components/Field';
import { LogoMark } from '#/components/Icons';
import { useApiForm } from '#/components/useApiForm';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import { useForgotPassword } from '#/state/queries/account-mail';
import './auth.css';

const FIELDS = ['email'] as const;

function readEmail(data: FormData): { email: string } {
  return { email: String(data.get('email') ?? '').trim() };
}

function validateEmail({ email }: { email: string }): Record<string, string> {
  if (!email) return { email: 'Enter the email address of your account.' };
  if (!email.includes('@')) return { email: 'Enter an email address, like ada@example.org.' };
  return {};
}

/**
 * "Forgot password?": asks for a reset link. The server answers the same for
 * any address, so the screen does too — it never says whether an account exists.
 */
export default function ForgotPasswordScreen() {
  useDocumentTitle('Reset your password');
  const forgot = useForgotPassword();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { formRef, errors, onSubmit } = useApiForm({
    fields: FIELDS,
    read: readEmail,
    validate: validateEmail,
    send: ({ email }, onError) => forgot.mutate(email, { onSuccess: () => setSentTo(email), onError }),
  });

  return (
    <div className="auth">
      <div className="auth__card">
        <div className="auth__brand">
          <LogoMark size={44} />
          <h1 className="auth__title">Trouble logging in?</h1>
        </div>
        {sentTo ? (
          <div role="status" className="auth__sent">
            <p className="strong">Check your inbox.</p>
            <p>
              If an account uses <span className="strong">{sentTo}</span>, we sent it a link to choose a new
              password. The link works once, for 30 minutes.
            </p>
          </div>
        ) : (
          <>
            <p className="auth__tagline muted">
              Enter the email address of your account and we’ll send you a link to get back in.
            </p>
            <form
              ref={formRef}
              className="form"
              onSubmit={onSubmit}
              noValidate
              aria-describedby="forgot-error"
            >
              <Field
                label="Email"
                name="email"
                type="email"
                autoComplete="email"
                autoCapitalize="none"
                spellCheck={false}
                error={errors.fields.email}
                disabled={forgot.isPending}
              />
              <div id="forgot-error">
                <FormError message={errors.form} />
              </div>
              <button type="submit" className="btn btn--primary btn--block" disabled={forgot.isPending}>
                {forgot.isPending ? 'Sending…' : 'Send reset link'}
              </button>
            </form>
          </>
        )}
      </div>
      <div className="auth__card auth__switch">
        <Link to="/login">Back to log in</Link>
      </div>
    </div>
  );
}
