import { useState } from 'react';
import type { Post } from '#/lib/api/types';
import { useSession } from '#/state/queries/session';
import { Menu } from './Menu';
import { ReportDialog } from './ReportDialog';

/** "More options" on someone else's post: report it. (The author deletes from the post's page.) */
export function PostMenu({ post }: { post: Post }) {
  const me = useSession().data;
  const [reporting, setReporting] = useState(false);
  if (!me || post.author.id === me.id) return null;
  return (
    <>
      <Menu
        label={`More options for the post by ${post.author.username}`}
        className="post-menu"
        items={[{ label: 'Report', danger: true, onSelect: () => setReporting(true) }]}
      />
      {reporting && <ReportDialog targetType="post" targetId={post.id} onClose={() => setReporting(false)} />}
    </>
  );
}
