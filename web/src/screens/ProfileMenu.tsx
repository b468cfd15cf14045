import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useToast } from '#/app/toasts';
import { ConfirmDialog } from '#/components/ConfirmDialog';
import { Menu } from '#/components/Menu';
import { ReportDialog } from '#/components/ReportDialog';
import type { User } from '#/lib/api/types';
import { relationOf, useBlock, useRelationToggle } from '#/state/queries/safety';

/**
 * Mute, Restrict, Block and Report for someone else's profile. Mute and Restrict
 * are silent (they are not told) and undo in one click; Block asks first, since
 * it also removes the follows both ways.
 */
export function ProfileMenu({ user }: { user: User }) {
  const toast = useToast();
  const navigate = useNavigate();
  const mute = useRelationToggle('mute');
  const restrict = useRelationToggle('restrict');
  const block = useBlock();
  const [dialog, setDialog] = useState<'block' | 'report' | null>(null);
  const { mutedByMe, restrictedByMe } = relationOf(user);
  const name = user.username;

  const toggle = (kind: 'mute' | 'restrict', on: boolean) => {
    const mutation = kind === 'mute' ? mute : restrict;
    mutation.mutate(
      { user, on },
      {
        onSuccess: () => {
          if (kind === 'mute') toast.info(on ? `${name} is muted.` : `${name} is no longer muted.`);
          else toast.info(on ? `${name} is restricted.` : `${name} is no longer restricted.`);
        },
        onError: (error) => toast.error(error, () => toggle(kind, on)),
      },
    );
  };

  return (
    <>
      <Menu
        label={`More options for ${name}`}
        items={[
          { label: mutedByMe ? 'Unmute' : 'Mute', onSelect: () => toggle('mute', !mutedByMe) },
          {
            label: restrictedByMe ? 'Unrestrict' : 'Restrict',
            onSelect: () => toggle('restrict', !restrictedByMe),
          },
          { label: 'Block', danger: true, onSelect: () => setDialog('block') },
          { label: 'Report', danger: true, onSelect: () => setDialog('report') },
        ]}
      />
      {dialog === 'block' && (
        <ConfirmDialog
          title={`Block ${name}?`}
          confirmLabel="Block"
          busyLabel="Blocking…"
          busy={block.isPending}
          onCancel={() => setDialog(null)}
          onConfirm={() =>
            block.mutate(user, {
              onSuccess: () => {
                setDialog(null);
                toast.info(`You blocked ${name}.`);
                void navigate('/', { replace: true });
              },
              onError: (error) => {
                setDialog(null);
                toast.error(error);
              },
            })
          }
        >
          They will not be able to find your profile, posts or messages, and you will stop following each
          other. They are not told.
        </ConfirmDialog>
      )}
      {dialog === 'report' && (
        <ReportDialog targetType="user" targetId={user.id} onClose={() => setDialog(null)} />
      )}
    </>
  );
}
