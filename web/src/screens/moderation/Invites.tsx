import { useState } from 'react';
import { useToast } from '#/app/toasts';
import { EmptyState } from '#/components/EmptyState';
import { Field, FormError } from '#/components/Field';
import { UserPlusIcon } from '#/components/Icons';
import { LoadMore } from '#/components/LoadMore';
import { QueryError } from '#/components/QueryError';
import { Spinner } from '#/components/Spinner';
import { useApiForm } from '#/components/useApiForm';
import type { Invite, InviteForm } from '#/lib/api/types';
import { plural, relativeTime } from '#/lib/format';
import { useCreateInvite, useInvites, useRevokeInvite } from '#/state/queries/moderation';

const FIELDS = ['uses', 'expiresInDays'] as const;

interface InviteValues {
  uses: string;
  expiresInDays: string;
}

function readInvite(data: FormData): InviteValues {
  return {
    uses: String(data.get('uses') ?? '').trim(),
    expiresInDays: String(data.get('expiresInDays') ?? '').trim(),
  };
}

/** The API's bounds (uses 1–1000, 1–365 days), checked before sending. */
export function validateInvite(form: InviteValues): Record<string, string> {
  const errors: Record<string, string> = {};
  const whole = (text: string, min: number, max: number) =>
    /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max;
  if (!whole(form.uses, 1, 1000)) errors.uses = 'Enter a whole number from 1 to 1,000.';
  if (!whole(form.expiresInDays, 1, 365))
    errors.expiresInDays = 'Enter a whole number of days from 1 to 365.';
  return errors;
}

function expiry(invite: Invite): string {
  const at = new Date(invite.expiresAt);
  if (at.getTime() <= Date.now()) return 'expired';
  return `expires ${at.toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })}`;
}

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

function InviteRow({ invite }: { invite: Invite }) {
  const toast = useToast();
  const revoke = useRevokeInvite();
  return (
    <li className="mod-row" data-testid="invite">
      <span className="mod-row__main">
        <code className="mod-code">{invite.code}</code>
        <span className="muted small block">
          {`${invite.usesLeft} of ${invite.uses} ${plural(invite.uses, 'use', 'uses')} left · ${expiry(invite)}`}
          {invite.createdBy && ` · by ${invite.createdBy}`}
          {invite.createdAt && (
            <>
              {' · made '}
              <time dateTime={invite.createdAt}>{relativeTime(invite.createdAt)}</time>
            </>
          )}
        </span>
      </span>
      <div className="row-gap">
        <button
          type="button"
          className="btn btn--secondary btn--sm"
          aria-label={`Copy invite code ${invite.code}`}
          onClick={() =>
            void copy(invite.code).then((ok) =>
              ok ? toast.info('Invite code copied.') : toast.info(`Copy it by hand: ${invite.code}`),
            )
          }
        >
          Copy
        </button>
        <button
          type="button"
          className="btn btn--secondary btn--sm"
          aria-label={`Revoke invite code ${invite.code}`}
          disabled={revoke.isPending}
          onClick={() =>
            revoke.mutate(invite.code, {
              onSuccess: () => toast.info('Invite revoked.'),
              onError: (error) => toast.error(error),
            })
          }
        >
          Revoke
        </button>
      </div>
    </li>
  );
}

/** Invite codes for registration "invite": make one with a number of uses and a lifetime, copy, revoke. */
export function Invites() {
  const invites = useInvites(true);
  const create = useCreateInvite();
  const toast = useToast();
  const [made, setMade] = useState<Invite | null>(null);
  const { formRef, errors, onSubmit } = useApiForm({
    fields: FIELDS,
    read: readInvite,
    validate: validateInvite,
    send: (form, onError) =>
      create.mutate(
        { uses: Number(form.uses), expiresInDays: Number(form.expiresInDays) } satisfies InviteForm,
        {
          onSuccess: (invite) => {
            setMade(invite);
            toast.info('Invite created.');
          },
          onError,
        },
      ),
  });
  const items = invites.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <form
        ref={formRef}
        className="card mod-invite-form"
        onSubmit={onSubmit}
        noValidate
        aria-label="New invite"
      >
        <div className="mod-invite-form__fields">
          <Field
            label="Uses"
            name="uses"
            type="number"
            inputMode="numeric"
            min={1}
            max={1000}
            defaultValue="1"
            error={errors.fields.uses}
            disabled={create.isPending}
          />
          <Field
            label="Expires in (days)"
            name="expiresInDays"
            type="number"
            inputMode="numeric"
            min={1}
            max={365}
            defaultValue="7"
            error={errors.fields.expiresInDays}
            disabled={create.isPending}
          />
        </div>
        <FormError message={errors.form} />
        <button type="submit" className="btn btn--primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create invite'}
        </button>
        {made && (
          <p className="mod-invite-form__made" role="status">
            New code: <code className="mod-code">{made.code}</code>
          </p>
        )}
      </form>
      {invites.isPending ? (
        <Spinner label="Loading invites" />
      ) : invites.isError ? (
        <QueryError error={invites.error} onRetry={() => void invites.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState icon={<UserPlusIcon size={34} />} title="No invites">
          Codes you create show up here until they are used up, expire or are revoked.
        </EmptyState>
      ) : (
        <ul className="card mod-rows" aria-label="Invites">
          {items.map((invite) => (
            <InviteRow key={invite.code} invite={invite} />
          ))}
        </ul>
      )}
      <LoadMore
        hasMore={invites.hasNextPage}
        loading={invites.isFetchingNextPage}
        onMore={() => void invites.fetchNextPage()}
      />
    </>
  );
}
