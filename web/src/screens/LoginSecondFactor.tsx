import { Field, FormError } from '#/components/Field';
import { useApiForm } from '#/components/useApiForm';
import { isApiError } from '#/lib/api/client';
import { useLoginSecondFactor } from '#/state/queries/session';

const FIELDS = ['code'] as const;

function readCode(data: FormData): { code: string } {
  return { code: String(data.get('code') ?? '').trim() };
}

function validateCode({ code }: { code: string }): Record<string, string> {
  return code ? {} : { code: 'Enter the code from your authenticator app, or a recovery code.' };
}

interface Props {
  /** From the password step's two_factor_required answer. */
  challenge: string;
  onSignedIn: () => void;
  /** Back to the password step: the challenge expired, was used up, or the person wants to. */
  onRestart: () => void;
}

/**
 * The second step of a login with two-factor on: the 6-digit code of the
 * authenticator app, or one of the recovery codes (each works once).
 */
export function LoginSecondFactor({ challenge, onSignedIn, onRestart }: Props) {
  const second = useLoginSecondFactor();
  // The challenge is over (expired, used, too many wrong codes): only starting again helps.
  const expired = isApiError(second.error) && second.error.code === 'invalid_token';
  const { formRef, errors, onSubmit } = useApiForm({
    fields: FIELDS,
    read: readCode,
    validate: validateCode,
    send: ({ code }, onError) => second.mutate({ challenge, code }, { onSuccess: onSignedIn, onError }),
  });

  return (
    <form
      ref={formRef}
      className="form"
      onSubmit={onSubmit}
      noValidate
      aria-labelledby="second-factor-title"
      aria-describedby="second-factor-error"
    >
      <h2 id="second-factor-title" className="auth__step-title">
        Two-factor authentication
      </h2>
      <Field
        label="Authentication code"
        name="code"
        autoComplete="one-time-code"
        autoCapitalize="none"
        spellCheck={false}
        // Letters too: a recovery code is accepted here.
        inputMode="text"
        autoFocus
        hint="The 6-digit code from your authenticator app, or one of your recovery codes."
        error={errors.fields.code}
        disabled={second.isPending}
      />
      <div id="second-factor-error">
        <FormError message={errors.form} />
      </div>
      {expired ? (
        <button type="button" className="btn btn--primary btn--block" onClick={onRestart}>
          Start again
        </button>
      ) : (
        <button type="submit" className="btn btn--primary btn--block" disabled={second.isPending}>
          {second.isPending ? 'Checking…' : 'Verify'}
        </button>
      )}
      {!expired && (
        <button type="button" className="btn btn--ghost btn--block" onClick={onRestart}>
          Use another account
        </button>
      )}
    </form>
  );
}
