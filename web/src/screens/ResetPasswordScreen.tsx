import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { FormError } from '#/components/Field';
import { LogoMark } from '#/components/Icons';
import { NewPasswordFields } from '#/components/NewPasswordFields';
import { useApiForm } from '#/components/useApiForm';
import { isApiError } from '#/lib/api/client';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import { newPasswordErrors } from '#/lib/password-rules';
import { useResetPassword } from '#/state/queries/account-mail';
import './auth.css';

const FIELDS = ['password', 'confirmPassword'] as const;
const NEW_PASSWORD = { password: 'password', confirmation: 'confirmPassword' } as const;

interface ResetValues {
  password: string;
  confirmPassword: string;
}

function readPasswords(data: FormData): ResetValues {
  return {
    password: String(data.get('password') ?? ''),
    confirmPassword: String(data.get('confirmPassword') ?? ''),
  };
}

export function validateReset(values: ResetValues): Record<string, string> {
  return newPasswordErrors({ password: values.password, confirmation: values.confirmPassword }, NEW_PASSWORD);
}

/** A link that cannot work any more says so, and offers a new one. */
export function linkProblem(error: unknown): string | null {
  if (!isApiError(error)) return null;
  switch (error.code) {
    case 'token_invalid':
      return 'This reset link is not valid.';
    case 'token_expired':
      return 'This reset link has expired.';
    case 'token_used':
      return 'This reset link was used already.';
    default:
      return null;
  }
}

/** Reached from the mailed link, /reset-password?token=…: sets a new password. */
export default function ResetPasswordScreen() {
  useDocumentTitle('Choose a new password');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const reset = useResetPassword();
  const [done, setDone] = useState(false);
  const problem = token ? linkProblem(reset.error) : 'This reset link is not complete.';
  const { formRef, errors, onSubmit } = useApiForm({
    fields: FIELDS,
    read: readPasswords,
    validate: validateReset,
    send: ({ password }, onError) =>
      reset.mutate({ token, password }, { onSuccess: () => setDone(true), onError }),
  });

  let body;
  if (done) {
    body = (
      <div role="status" className="auth__sent">
        <p className="strong">Your password is changed.</p>
        <p>Every device that was logged in to your account has been logged out.</p>
        <Link to="/login" className="btn btn--primary btn--block">
          Log in
        </Link>
      </div>
    );
  } else if (problem) {
    body = (
      <div role="alert" className="auth__sent">
        <p className="strong">{problem}</p>
        <p>
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      </div>
    );
  } else {
    body = (
      <form ref={formRef} className="form" onSubmit={onSubmit} noValidate aria-describedby="reset-error">
        <NewPasswordFields names={NEW_PASSWORD} errors={errors.fields} disabled={reset.isPending} />
        <div id="reset-error">
          <FormError message={errors.form} />
        </div>
        <button type="submit" className="btn btn--primary btn--block" disabled={reset.isPending}>
          {reset.isPending ? 'Saving…' : 'Set new password'}
        </button>
      </form>
    );
  }

  return (
    <div className="auth">
      <div className="auth__card">
        <div className="auth__brand">
          <LogoMark size={44} />
          <h1 className="auth__title">Choose a new password</h1>
        </div>
        {body}
      </div>
    </div>
  );
}
