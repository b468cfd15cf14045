import { useState } from 'react';
import { Field, FormError } from '#/components/Field';
import { useApiForm } from '#/components/useApiForm';
import { useChangePassword } from '#/state/queries/session';

// The API's field names (errors come back naming them), then ours.
const FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;
const MIN_LENGTH = 8;

interface PasswordValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

function readPasswords(data: FormData): PasswordValues {
  return {
    currentPassword: String(data.get('currentPassword') ?? ''),
    newPassword: String(data.get('newPassword') ?? ''),
    confirmPassword: String(data.get('confirmPassword') ?? ''),
  };
}

/** What can be told before asking the server; the server's own rules (length, not the username) come back by field. */
export function validatePasswords(values: PasswordValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!values.currentPassword) errors.currentPassword = 'Enter your current password.';
  if (!values.newPassword) errors.newPassword = 'Enter a new password.';
  else if ([...values.newPassword].length < MIN_LENGTH)
    errors.newPassword = `Passwords must be at least ${MIN_LENGTH} characters long.`;
  if (values.newPassword && values.confirmPassword !== values.newPassword)
    errors.confirmPassword = 'The two new passwords do not match.';
  return errors;
}

/**
 * Settings → Change password. The server keeps this login and signs out every
 * other device, so the success message says so.
 */
export function ChangePasswordForm() {
  const change = useChangePassword();
  const [done, setDone] = useState(false);
  const { formRef, errors, onSubmit } = useApiForm({
    fields: FIELDS,
    focusOnFormError: 'currentPassword',
    read: readPasswords,
    validate: validatePasswords,
    send: ({ currentPassword, newPassword }, onError) => {
      setDone(false);
      change.mutate(
        { currentPassword, newPassword },
        {
          onSuccess: () => {
            formRef.current?.reset();
            setDone(true);
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
      aria-labelledby="settings-password"
      aria-describedby="password-form-status"
    >
      {/* Lets password managers tie the new password to this account. */}
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        error={errors.fields.currentPassword}
        disabled={change.isPending}
      />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters."
        error={errors.fields.newPassword}
        disabled={change.isPending}
      />
      <Field
        label="Confirm new password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        error={errors.fields.confirmPassword}
        disabled={change.isPending}
      />
      <div id="password-form-status">
        <FormError message={errors.form} />
        {done && (
          <p className="settings-password__done" role="status">
            Password changed. Your other devices have been logged out.
          </p>
        )}
      </div>
      <button type="submit" className="btn btn--primary" disabled={change.isPending}>
        {change.isPending ? 'Changing password…' : 'Change password'}
      </button>
    </form>
  );
}
