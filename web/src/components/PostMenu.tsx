import { useState } from 'react';
import type { Post } from '#/lib/api/types';
import { useSession } from '#/state/queries/session';
import { EditPostDialog } from './EditPostDialog';
import { Menu } from './Menu';
import { ReportDialog } from './ReportDialog';

/**
 * "More options" on a post: its author edits it, anyone else reports it. (The
 * author deletes from the post's page.)
 */
export function PostMenu({ post }: { post: Post }) {
  const me = useSession().data;
  const [open, setOpen] = useState<'report' | 'edit' | null>(null);
  if (!me) return null;
  const mine = post.author.id === me.id;
  return (
    <>
      <Menu
        label={`More options for the post by ${post.author.username}`}
        className="post-menu"
        items={
          mine
            ? [{ label: 'Edit', onSelect: () => setOpen('edit') }]
            : [{ label: 'Report', danger: true, onSelect: () => setOpen('report') }]
        }
      />
      {open === 'report' && (
        <ReportDialog targetType="post" targetId={post.id} onClose={() => setOpen(null)} />
      )}
      {open === 'edit' && <EditPostDialog post={post} onClose={() => setOpen(null)} />}
    </>
  );
}
