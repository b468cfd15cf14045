import { useState } from 'react';
import { Link } from 'react-router';
import { useToast } from '#/app/toasts';
import { Avatar } from '#/components/Avatar';
import { Field, FormError } from '#/components/Field';
import { useApiForm } from '#/components/useApiForm';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import { useUpdateProfile } from '#/state/queries/profile';
import { useMe } from '#/state/queries/session';
import './EditProfileScreen.css';

const FIELDS = ['displayName', 'website', 'bio', 'isPrivate'] as const;
const BIO_MAX = 150;

export function validateProfile(form: {
  displayName: string;
  bio: string;
  website: string;
}): Record<string, string> {
  const errors: Record<string, string> = {};
  if ([...form.displayName].length > 50) errors.displayName = 'Use at most 50 characters.';
  if ([...form.bio.trim()].length > BIO_MAX) errors.bio = `Use at most ${BIO_MAX} characters.`;
  if (form.website && !/^https?:\/\/[^\s/]+/i.test(form.website)) {
    errors.website = 'Enter a link that starts with http:// or https://';
  }
  return errors;
}

export default function EditProfileScreen() {
  useDocumentTitle('Edit profile');
  const me = useMe();
  const update = useUpdateProfile();
  const toast = useToast();
  const [bio, setBio] = useState(me.bio);
  const [isPrivate, setIsPrivate] = useState(me.isPrivate);
  const { formRef, errors, onSubmit } = useApiForm({
    fields: FIELDS,
    read: (data) => ({
      displayName: String(data.get('displayName') ?? '').trim(),
      website: String(data.get('website') ?? '').trim(),
      bio,
      isPrivate,
    }),
    validate: validateProfile,
    send: (form, onError) => update.mutate(form, { onSuccess: () => toast.info('Profile saved.'), onError }),
  });

  const busy = update.isPending;
  return (
    <div className="page page--narrow">
      <h1 className="page__title">Edit profile</h1>
      <div className="edit-profile__who card">
        <Avatar user={me} size="md" />
        <div>
          <p className="strong">{me.username}</p>
          <p className="muted small">{me.email}</p>
        </div>
        <Link to={`/u/${me.username}`} className="btn btn--secondary btn--sm edit-profile__view">
          View profile
        </Link>
      </div>
      <form ref={formRef} className="form" onSubmit={onSubmit} noValidate>
        <Field
          label="Name"
          name="displayName"
          defaultValue={me.displayName}
          maxLength={50}
          autoComplete="name"
          hint="Help people find you by the name you are known by."
          error={errors.fields.displayName}
          disabled={busy}
        />
        <Field
          label="Website"
          name="website"
          type="url"
          inputMode="url"
          defaultValue={me.website}
          placeholder="https://"
          error={errors.fields.website}
          disabled={busy}
        />
        <Field
          multiline
          label="Bio"
          name="bio"
          rows={3}
          value={bio}
          onChange={(event) => setBio(event.target.value)}
          hint={`${[...bio.trim()].length} / ${BIO_MAX}`}
          error={errors.fields.bio}
          disabled={busy}
        />
        <div className="switch-row card">
          <div className="switch-row__text">
            <label htmlFor="private-switch" className="strong">
              Private account
            </label>
            <p id="private-hint" className="muted small">
              Only people you approve can see your photos and who you follow.
              {me.isPrivate && ' Going public approves every pending request.'}
            </p>
          </div>
          <input
            id="private-switch"
            name="isPrivate"
            type="checkbox"
            role="switch"
            className="switch"
            aria-describedby="private-hint"
            checked={isPrivate}
            onChange={(event) => setIsPrivate(event.target.checked)}
            disabled={busy}
          />
        </div>
        {errors.fields.isPrivate && (
          <p className="field__error" role="alert">
            {errors.fields.isPrivate}
          </p>
        )}
        <FormError message={errors.form} />
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={busy}>
            {busy ? 'Saving…' : 'Save'}
          </button>
        </div>
      </form>
    </div>
  );
}
