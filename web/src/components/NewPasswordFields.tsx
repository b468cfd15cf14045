import { Field } from '#/components/Field';
import { PASSWORD_MIN_LENGTH } from '#/lib/password-rules';

interface NewPasswordFieldsProps {
  /** The form's field names: the API's for the password, ours for its confirmation. */
  names: { password: string; confirmation: string };
  errors: Record<string, string | undefined>;
  disabled: boolean;
}

/**
 * A new password and its confirmation (changing it in Settings, a mailed reset
 * link). `autoComplete="new-password"` lets password managers offer one and
 * save it; the rules are lib/password-rules.ts.
 */
export function NewPasswordFields({ names, errors, disabled }: NewPasswordFieldsProps) {
  return (
    <>
      <Field
        label="New password"
        name={names.password}
        type="password"
        autoComplete="new-password"
        hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
        error={errors[names.password]}
        disabled={disabled}
      />
      <Field
        label="Confirm new password"
        name={names.confirmation}
        type="password"
        autoComplete="new-password"
        error={errors[names.confirmation]}
        disabled={disabled}
      />
    </>
  );
}
