import { type FormEvent, useRef, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { FormError, TextField } from '#/components/Field';
import { LogoMark } from '#/components/Icons';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import { type FormErrors, formErrorsFrom, NO_ERRORS, useFocusOnError } from '#/lib/forms';

const FIELDS = ['login', 'password'] as const;
import { useLogin } from '#/state/queries/session';

export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function LoginScreen() {
  useDocumentTitle('Log in');
  const login = useLogin();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusOnError(formRef, errors, FIELDS, 'password');

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const form = {
      login: String(data.get('login') ?? '').trim(),
      password: String(data.get('password') ?? ''),
    };
    const missing: Record<string, string> = {};
    if (!form.login) missing.login = 'Enter your username or email.';
    if (!form.password) missing.password = 'Enter your password.';
    if (Object.keys(missing).length) {
      setErrors({ fields: missing, form: null });
      return;
    }
    setErrors(NO_ERRORS);
    login.mutate(form, {
      onSuccess: () => void navigate(safeNext(params.get('next')), { replace: true }),
      onError: (error) => setErrors(formErrorsFrom(error, FIELDS)),
    });
  }

  return (
    <div className="auth">
      <div className="auth__card">
        <div className="auth__brand">
          <LogoMark size={44} />
          <h1 className="wordmark wordmark--xl">Lenslet</h1>
        </div>
        <p className="auth__tagline muted">Sign in to see photos from the people you follow.</p>
        <form ref={formRef} className="form" onSubmit={onSubmit} noValidate aria-describedby="login-error">
          <TextField
            label="Username or email"
            name="login"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            error={errors.fields.login}
            disabled={login.isPending}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            error={errors.fields.password}
            disabled={login.isPending}
          />
          <div id="login-error">
            <FormError message={errors.form} />
          </div>
          <button type="submit" className="btn btn--primary btn--block" disabled={login.isPending}>
            {login.isPending ? 'Logging in…' : 'Log in'}
          </button>
        </form>
      </div>
      <div className="auth__card auth__switch">
        Don&apos;t have an account?{' '}
        <Link
          to={`/signup${params.get('next') ? `?next=${encodeURIComponent(params.get('next') ?? '')}` : ''}`}
        >
          Sign up
        </Link>
      </div>
    </div>
  );
}
