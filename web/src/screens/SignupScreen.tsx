import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Field, FormError } from '#/components/Field';
import { LogoMark } from '#/components/Icons';
import { useApiForm } from '#/components/useApiForm';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import { passwordProblem } from '#/lib/password-rules';
import { useRegister } from '#/state/queries/session';
import './auth.css';

const FIELDS = ['email', 'displayName', 'username', 'password', 'inviteCode'] as const;
type SignupValues = Record<'email' | 'displayName' | 'username' | 'password', string> & {
  inviteCode?: string;
};

/** The API's own rules (shared/API.md "Accounts"), checked before sending. */
export function validateSignup(form: SignupValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email)) errors.email = 'Enter a valid email address.';
  if (!/^[a-zA-Z0-9._]{3,30}$/.test(form.username)) {
    errors.username = 'Usernames are 3–30 letters, numbers, periods and underscores.';
  }
  const password = passwordProblem(form.password, form.username);
  if (password) errors.password = password;
  if (form.displayName.length > 50) errors.displayName = 'Use at most 50 characters.';
  return errors;
}

function readSignup(data: FormData): SignupValues {
  return {
    email: String(data.get('email') ?? '').trim(),
    displayName: String(data.get('displayName') ?? '').trim(),
    username: String(data.get('username') ?? '').trim(),
    password: String(data.get('password') ?? ''),
    // Absent until the server asks for one (the field shows then).
    inviteCode: String(data.get('inviteCode') ?? '').trim(),
  };
}

/** After a 202: the account exists but waits for a moderator. */
function PendingApproval({ username }: { username: string }) {
  return (
    <div className="auth">
      <div className="auth__card auth__pending" role="status">
        <div className="auth__brand">
          <LogoMark size={44} />
          <h1 className="wordmark wordmark--xl">Lenslet</h1>
        </div>
        <h2 className="strong">Thanks for signing up, {username}</h2>
        <p className="muted">
          A moderator looks at new accounts on this server before they can be used. You can log in once yours
          is approved.
        </p>
        <Link to="/login" className="btn btn--primary btn--block">
          Back to log in
        </Link>
      </div>
    </div>
  );
}

export default function SignupScreen() {
  useDocumentTitle('Sign up');
  const register = useRegister();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const invited = params.get('invite') ?? '';
  const [pendingAs, setPendingAs] = useState<string | null>(null);
  const { formRef, errors, onSubmit } = useApiForm({
    fields: FIELDS,
    read: readSignup,
    validate: validateSignup,
    send: (form, onError) =>
      register.mutate(
        {
          email: form.email,
          username: form.username.toLowerCase(),
          password: form.password,
          ...(form.displayName ? { displayName: form.displayName } : {}),
          ...(form.inviteCode ? { inviteCode: form.inviteCode } : {}),
        },
        {
          onSuccess: (result) => {
            if (result.pending) setPendingAs(form.username.toLowerCase());
            else void navigate('/', { replace: true });
          },
          onError,
        },
      ),
  });
  // The server says when it needs an invite (an error on `inviteCode`); a link may carry one.
  const [askedForInvite, setAskedForInvite] = useState(false);
  if (errors.fields.inviteCode && !askedForInvite) setAskedForInvite(true);
  const needsInvite = askedForInvite || invited !== '';

  if (pendingAs) return <PendingApproval username={pendingAs} />;

  const busy = register.isPending;
  return (
    <div className="auth">
      <div className="auth__card">
        <div className="auth__brand">
          <LogoMark size={44} />
          <h1 className="wordmark wordmark--xl">Lenslet</h1>
        </div>
        <p className="auth__tagline muted">Sign up to share photos with your friends.</p>
        <form ref={formRef} className="form" onSubmit={onSubmit} noValidate>
          <Field
            label="Email"
            name="email"
            type="email"
            autoComplete="email"
            error={errors.fields.email}
            disabled={busy}
          />
          <Field
            label="Full name"
            name="displayName"
            autoComplete="name"
            hint="Optional"
            error={errors.fields.displayName}
            disabled={busy}
          />
          <Field
            label="Username"
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            error={errors.fields.username}
            disabled={busy}
          />
          <Field
            label="Password"
            name="password"
            type="password"
            autoComplete="new-password"
            hint="At least 8 characters."
            error={errors.fields.password}
            disabled={busy}
          />
          {needsInvite && (
            <Field
              label="Invite code"
              name="inviteCode"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              defaultValue={invited}
              hint="This server lets people in by invitation."
              error={errors.fields.inviteCode}
              disabled={busy}
            />
          )}
          <FormError message={errors.form} />
          <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
            {busy ? 'Signing up…' : 'Sign up'}
          </button>
        </form>
      </div>
      <div className="auth__card auth__switch">
        Have an account? <Link to="/login">Log in</Link>
      </div>
    </div>
  );
}
