import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useToast } from '#/app/toasts';
import { Field, FormError } from '#/components/Field';
import { LogoMark } from '#/components/Icons';
import { useApiForm } from '#/components/useApiForm';
import { isApiError } from '#/lib/api/client';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import { useLogin } from '#/state/queries/session';
import { LoginSecondFactor } from './LoginSecondFactor';
import './auth.css';

const FIELDS = ['login', 'password'] as const;

interface LoginValues {
  login: string;
  password: string;
}

function readLogin(data: FormData): LoginValues {
  return { login: String(data.get('login') ?? '').trim(), password: String(data.get('password') ?? '') };
}

function validateLogin(form: LoginValues): Record<string, string> {
  const missing: Record<string, string> = {};
  if (!form.login) missing.login = 'Enter your username or email.';
  if (!form.password) missing.password = 'Enter your password.';
  return missing;
}

/**
 * An account that may not sign in says why, in words of its own: the server's
 * message (which may carry the suspension's end) under a plain heading.
 */
export function accountProblem(error: unknown): { title: string; detail: string } | null {
  if (!isApiError(error)) return null;
  const code: string = error.code;
  if (code === 'account_suspended') {
    return { title: 'Your account is suspended.', detail: error.message };
  }
  if (code === 'account_pending') {
    return {
      title: 'Your account is waiting for approval.',
      detail: 'A moderator looks at new accounts on this server. You can log in once yours is approved.',
    };
  }
  return null;
}

export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export default function LoginScreen() {
  useDocumentTitle('Log in');
  const login = useLogin();
  const toast = useToast();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const problem = accountProblem(login.error);
  // Set once the password was right and the account has two-factor on.
  const [challenge, setChallenge] = useState<string | null>(null);
  // A login within a deleted account's grace period restores it (restored: true).
  const signedIn = (result?: { restored?: boolean }) => {
    if (result?.restored) toast.info('Welcome back! Your account is restored.');
    void navigate(safeNext(params.get('next')), { replace: true });
  };
  const { formRef, errors, onSubmit } = useApiForm({
    fields: FIELDS,
    focusOnFormError: 'password',
    read: readLogin,
    validate: validateLogin,
    send: (form, onError) =>
      login.mutate(form, {
        onSuccess: signedIn,
        onError: (error) => {
          if (isApiError(error) && error.code === 'two_factor_required' && error.challenge) {
            setChallenge(error.challenge);
            return;
          }
          onError(error);
        },
      }),
  });

  if (challenge) {
    return (
      <div className="auth">
        <div className="auth__card">
          <div className="auth__brand">
            <LogoMark size={44} />
            <h1 className="wordmark wordmark--xl">Lenslet</h1>
          </div>
          <LoginSecondFactor
            challenge={challenge}
            onSignedIn={signedIn}
            onRestart={() => {
              login.reset();
              setChallenge(null);
            }}
          />
        </div>
      </div>
    );
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
          <Field
            label="Username or email"
            name="login"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            error={errors.fields.login}
            disabled={login.isPending}
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            error={errors.fields.password}
            disabled={login.isPending}
          />
          <div id="login-error">
            {problem && errors.form ? (
              <div className="form-error auth__problem" role="alert" data-testid="account-problem">
                <p className="strong">{problem.title}</p>
                {problem.detail !== problem.title && <p>{problem.detail}</p>}
              </div>
            ) : (
              <FormError message={errors.form} />
            )}
          </div>
          <button type="submit" className="btn btn--primary btn--block" disabled={login.isPending}>
            {login.isPending ? 'Logging in…' : 'Log in'}
          </button>
        </form>
        <p className="auth__forgot">
          <Link to="/forgot-password">Forgot password?</Link>
        </p>
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
