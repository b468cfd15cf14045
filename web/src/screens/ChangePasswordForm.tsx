import { useState } from 'react';
import { Field, FormError } from '#/components/Field';
import { NewPasswordFields } from '#/components/NewPasswordFields';
import { useApiForm } from '#/components/useApiForm';
import { newPasswordErrors } from '#/lib/password-rules';
import { useChangePassword } from '#/state/queries/session';

// The API's field names (errors come back naming them), then ours.
const FIELDS = ['currentPassword', 'newPassword', 'confirmPassword'] as const;
const NEW_PASSWORD = { password: 'newPassword', confirmation: 'confirmPassword' } as const;

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
  const errors = newPasswordErrors(
    { password: values.newPassword, confirmation: values.confirmPassword },
    NEW_PASSWORD,
  );
  if (!values.currentPassword) errors.currentPassword = 'Enter your current password.';
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
      <NewPasswordFields names={NEW_PASSWORD} errors={errors.fields} disabled={change.isPending} />
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
