/** "Edited" beside a post's date once its author changed it; the time of the edit in its tooltip. */
export function EditedMark({ editedAt }: { editedAt: string | null | undefined }) {
  if (!editedAt) return null;
  const when = new Date(editedAt);
  const label = Number.isNaN(when.getTime())
    ? 'Edited'
    : `Edited ${when.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' })}`;
  return (
    <span className="edited-mark" title={label}>
      {' '}
      • <time dateTime={editedAt}>Edited</time>
    </span>
  );
}
