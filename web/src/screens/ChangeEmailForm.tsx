import { useState } from 'react';
import { Field, FormError } from '#/components/Field';
import { useApiForm } from '#/components/useApiForm';
import { useChangeEmail } from '#/state/queries/account-mail';
import { useMe } from '#/state/queries/session';

// The API's field names, so its errors land beside them.
const FIELDS = ['email', 'password'] as const;

interface EmailValues {
  email: string;
  password: string;
}

function readValues(data: FormData): EmailValues {
  return { email: String(data.get('email') ?? '').trim(), password: String(data.get('password') ?? '') };
}

export function validateEmailChange(values: EmailValues, current: string): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!values.email) errors.email = 'Enter the new email address.';
  else if (!values.email.includes('@')) errors.email = 'Enter an email address, like ada@example.org.';
  else if (values.email.toLowerCase() === current.toLowerCase())
    errors.email = 'That is already your address.';
  if (!values.password) errors.password = 'Enter your password.';
  return errors;
}

/**
 * Settings → Email address. The new address gets a link; the change happens
 * when it is opened (and the old address is told), so until then the screen
 * keeps showing the current one.
 */
export function ChangeEmailForm() {
  const me = useMe();
  const change = useChangeEmail();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { formRef, errors, onSubmit } = useApiForm({
    fields: FIELDS,
    focusOnFormError: 'password',
    read: readValues,
    validate: (values) => validateEmailChange(values, me.email),
    send: ({ email, password }, onError) => {
      setSentTo(null);
      change.mutate(
        { email, password },
        {
          onSuccess: () => {
            formRef.current?.reset();
            setSentTo(email);
          },
          onError,
        },
      );
    },
  });

  return (
    <form
      ref={formRef}
      className="form card settings-card settings-password"
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="settings-email"
      aria-describedby="email-form-status"
    >
      <p className="muted small">
        Your address is <span className="strong">{me.email}</span>
        {me.emailVerified ? ' (confirmed).' : ' (not confirmed yet).'}
      </p>
      <Field
        label="New email address"
        name="email"
        type="email"
        autoComplete="email"
        autoCapitalize="none"
        spellCheck={false}
        error={errors.fields.email}
        disabled={change.isPending}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        error={errors.fields.password}
        disabled={change.isPending}
      />
      <div id="email-form-status">
        <FormError message={errors.form} />
        {sentTo && (
          <p className="settings-password__done" role="status">
            We sent a link to {sentTo}. Your address changes when you open it.
          </p>
        )}
      </div>
      <button type="submit" className="btn btn--primary" disabled={change.isPending}>
        {change.isPending ? 'Sending link…' : 'Change email'}
      </button>
    </form>
  );
}
