import { useState } from 'react';
import { Field, FormError } from '#/components/Field';
import { QueryError } from '#/components/QueryError';
import { Spinner } from '#/components/Spinner';
import { useApiForm } from '#/components/useApiForm';
import { errorMessage } from '#/lib/api/client';
import type { TwoFactorSetup } from '#/lib/api/types';
import {
  useDisableTwoFactor,
  useEnableTwoFactor,
  useSetupTwoFactor,
  useTwoFactorStatus,
} from '#/state/queries/two-factor';
import './two-factor.css';

/**
 * The server's QR code as an image. It is our server's own SVG, but an <img>
 * never runs what an SVG might carry, where inline markup would.
 */
export function qrImageSource(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** "ABCD EFGH …": easier to read off the screen and type into an app. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

function readCode(data: FormData): { code: string } {
  return { code: String(data.get('code') ?? '').replace(/\s/g, '') };
}

function SetupStep({ setup, onEnabled }: { setup: TwoFactorSetup; onEnabled: (codes: string[]) => void }) {
  const enable = useEnableTwoFactor();
  const { formRef, errors, onSubmit } = useApiForm({
    fields: ['code'],
    read: readCode,
    validate: ({ code }): Record<string, string> =>
      /^\d{6}$/.test(code) ? {} : { code: 'Enter the 6-digit code your app shows.' },
    send: ({ code }, onError) => enable.mutate(code, { onSuccess: onEnabled, onError }),
  });
  return (
    <div className="two-factor__setup">
      <p>Scan this code with an authenticator app, then enter the 6-digit code it shows.</p>
      <img
        className="two-factor__qr"
        src={qrImageSource(setup.qrSvg)}
        alt="QR code to add Lenslet to an authenticator app"
        width={200}
        height={200}
      />
      <p className="small">
        Can’t scan it? Enter this key in the app:{' '}
        <code className="two-factor__secret" data-testid="two-factor-secret" data-secret={setup.secret}>
          {groupSecret(setup.secret)}
        </code>
      </p>
      <form ref={formRef} className="form" onSubmit={onSubmit} noValidate aria-label="Confirm two-factor">
        <Field
          label="Code from the app"
          name="code"
          autoComplete="one-time-code"
          inputMode="numeric"
          error={errors.fields.code}
          disabled={enable.isPending}
        />
        <FormError message={errors.form} />
        <button type="submit" className="btn btn--primary" disabled={enable.isPending}>
          {enable.isPending ? 'Turning on…' : 'Turn on'}
        </button>
      </form>
    </div>
  );
}

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const text = `${codes.join('\n')}\n`;
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'lenslet-recovery-codes.txt';
    link.click();
    URL.revokeObjectURL(url);
  };
  return (
    <div className="two-factor__codes" role="status">
      <p className="strong">Two-factor authentication is on.</p>
      <p>
        Keep these recovery codes somewhere safe. Each one signs you in once if you lose your phone. They are
        shown only now.
      </p>
      <ul className="two-factor__code-list" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <div className="two-factor__actions">
        <button
          type="button"
          className="btn btn--secondary"
          onClick={() =>
            void navigator.clipboard?.writeText(text).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="btn btn--secondary" onClick={download}>
          Download
        </button>
        <button type="button" className="btn btn--primary" onClick={onDone}>
          I’ve saved them
        </button>
      </div>
    </div>
  );
}

const DISABLE_FIELDS = ['password', 'code'] as const;

function DisableForm() {
  const disable = useDisableTwoFactor();
  const { formRef, errors, onSubmit } = useApiForm({
    fields: DISABLE_FIELDS,
    read: (data) => ({
      password: String(data.get('password') ?? ''),
      code: String(data.get('code') ?? '').trim(),
    }),
    validate: ({ password, code }) => {
      const missing: Record<string, string> = {};
      if (!password) missing.password = 'Enter your password.';
      if (!code) missing.code = 'Enter a code from your app, or a recovery code.';
      return missing;
    },
    send: (form, onError) => disable.mutate(form, { onError }),
  });
  return (
    <form ref={formRef} className="form" onSubmit={onSubmit} noValidate aria-label="Turn off two-factor">
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        error={errors.fields.password}
        disabled={disable.isPending}
      />
      <Field
        label="Code from the app, or a recovery code"
        name="code"
        autoComplete="one-time-code"
        autoCapitalize="none"
        spellCheck={false}
        error={errors.fields.code}
        disabled={disable.isPending}
      />
      <FormError message={errors.form} />
      <button type="submit" className="btn btn--secondary" disabled={disable.isPending}>
        {disable.isPending ? 'Turning off…' : 'Turn off two-factor'}
      </button>
    </form>
  );
}

/**
 * Settings → Two-factor authentication: set it up with a QR code (or the key by
 * hand), confirm with a code, keep the ten recovery codes shown once, or turn
 * it off with the password and a code.
 */
export function TwoFactorSettings() {
  const status = useTwoFactorStatus();
  const setup = useSetupTwoFactor();
  const [codes, setCodes] = useState<string[] | null>(null);

  if (codes) {
    return (
      <div className="card settings-card two-factor">
        <RecoveryCodes
          codes={codes}
          onDone={() => {
            setCodes(null);
            setup.reset();
          }}
        />
      </div>
    );
  }
  if (status.isPending) return <Spinner label="Loading two-factor settings" />;
  if (status.isError) return <QueryError error={status.error} onRetry={() => void status.refetch()} />;
  if (status.data.enabled) {
    const left = status.data.recoveryCodesLeft;
    return (
      <div className="card settings-card two-factor">
        <p className="strong">Two-factor authentication is on.</p>
        <p className="muted small">
          {left === 1 ? '1 recovery code left.' : `${left} recovery codes left.`} Logging in asks for a code
          from your app.
        </p>
        <DisableForm />
      </div>
    );
  }
  return (
    <div className="card settings-card two-factor">
      {setup.data ? (
        <SetupStep setup={setup.data} onEnabled={setCodes} />
      ) : (
        <>
          <p>
            Two-factor authentication is off. Turn it on to ask for a code from an app on your phone each time
            you log in.
          </p>
          <FormError message={setup.error ? errorMessage(setup.error) : null} />
          <button
            type="button"
            className="btn btn--primary"
            disabled={setup.isPending}
            onClick={() => setup.mutate()}
          >
            {setup.isPending ? 'Starting…' : 'Set up two-factor authentication'}
          </button>
        </>
      )}
    </div>
  );
}
