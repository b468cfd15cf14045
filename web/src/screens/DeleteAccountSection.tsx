import { useState } from 'react';
import { useToast } from '#/app/toasts';
import { Field, FormError } from '#/components/Field';
import { useApiForm } from '#/components/useApiForm';
import { useDeleteAccount } from '#/state/queries/account-deletion';

const FIELDS = ['password', 'confirm'] as const;

interface DeleteValues {
  password: string;
  confirm: string;
}

function readValues(data: FormData): DeleteValues {
  return { password: String(data.get('password') ?? ''), confirm: data.get('confirm') ? 'yes' : '' };
}

/** What can be told before asking the server (a wrong password comes back on `password`). */
export function validateDeletion(values: DeleteValues): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!values.password) errors.password = 'Enter your password to delete your account.';
  if (!values.confirm) errors.confirm = 'Tick the box to confirm.';
  return errors;
}

/** "6 January 2027": the day the purge is due, in the reader's own words. */
export function formatDeleteDay(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: 'numeric' });
}

/**
 * Settings → Delete account. Two steps: a button that opens the form, then the
 * password and a tick that says the person read what happens. On success every
 * login ends (this one too) and a toast tells the day the data goes and that
 * logging in before then brings the account back.
 */
export function DeleteAccountSection() {
  const [open, setOpen] = useState(false);
  const remove = useDeleteAccount();
  const toast = useToast();
  const { formRef, errors, onSubmit } = useApiForm({
    fields: FIELDS,
    focusOnFormError: 'password',
    read: readValues,
    validate: validateDeletion,
    send: ({ password }, onError) =>
      remove.mutate(password, {
        onSuccess: ({ deleteAt }) =>
          toast.info(
            `Your account is deactivated and will be deleted on ${formatDeleteDay(deleteAt)}. ` +
              'Log in before then to keep it.',
          ),
        onError,
      }),
  });

  if (!open) {
    return (
      <div className="card settings-card settings-delete">
        <p className="settings-delete__lead">
          Deleting your account hides your profile, photos, comments and likes at once and signs you out
          everywhere.
        </p>
        <button type="button" className="btn btn--danger" onClick={() => setOpen(true)}>
          Delete account…
        </button>
      </div>
    );
  }

  return (
    <form
      ref={formRef}
      className="form card settings-card settings-delete"
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="settings-delete"
      aria-describedby="delete-account-explained delete-account-status"
    >
      <div id="delete-account-explained" className="settings-delete__lead">
        <p>
          Your account is deactivated at once: nobody can see your profile, photos, comments or likes, and
          every device you are logged in on is signed out.
        </p>
        <p>
          You have a grace period (30 days unless this server says otherwise): log in again before it ends and
          everything comes back. After it, your photos, comments, likes, follows and notifications are deleted
          for good. Messages you sent stay in their conversations, from a “Deleted user”.
        </p>
      </div>
      <Field
        label="Your password"
        name="password"
        type="password"
        autoComplete="current-password"
        error={errors.fields.password}
        disabled={remove.isPending}
      />
      <div className={`field${errors.fields.confirm ? ' field--error' : ''}`}>
        <label className="settings-delete__confirm">
          <input
            type="checkbox"
            name="confirm"
            aria-invalid={errors.fields.confirm ? true : undefined}
            aria-describedby={errors.fields.confirm ? 'delete-confirm-error' : undefined}
            disabled={remove.isPending}
          />{' '}
          I understand that my account will be deleted when the grace period ends.
        </label>
        {errors.fields.confirm && (
          <p id="delete-confirm-error" className="field__error" role="alert">
            {errors.fields.confirm}
          </p>
        )}
      </div>
      <div id="delete-account-status">
        <FormError message={errors.form} />
      </div>
      <div className="settings-delete__actions">
        <button type="submit" className="btn btn--danger" disabled={remove.isPending}>
          {remove.isPending ? 'Deleting…' : 'Delete my account'}
        </button>
        <button type="button" className="btn" onClick={() => setOpen(false)} disabled={remove.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
