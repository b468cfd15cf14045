import { useState } from 'react';
import { Link } from 'react-router';
import { useToast } from '#/app/toasts';
import { Avatar } from '#/components/Avatar';
import { ConfirmDialog } from '#/components/ConfirmDialog';
import { TrashIcon } from '#/components/Icons';
import { QueryError } from '#/components/QueryError';
import { ReportDialog } from '#/components/ReportDialog';
import { RichText } from '#/components/RichText';
import { Spinner } from '#/components/Spinner';
import type { Comment, Post } from '#/lib/api/types';
import { relativeTime } from '#/lib/format';
import { flattenComments, useComments, useDeleteComment } from '#/state/queries/posts';

function CommentItem({
  comment,
  canDelete,
  canReport,
  onDelete,
  onReport,
}: {
  comment: Comment;
  canDelete: boolean;
  canReport: boolean;
  onDelete: () => void;
  onReport: () => void;
}) {
  return (
    <li className="comment" data-testid="comment">
      <Link to={`/u/${comment.author.username}`} className="comment__avatar" tabIndex={-1} aria-hidden="true">
        <Avatar user={comment.author} size="sm" />
      </Link>
      <div className="comment__main">
        <p className="comment__text">
          <Link to={`/u/${comment.author.username}`} className="strong">
            {comment.author.username}
          </Link>{' '}
          <RichText text={comment.text} />
        </p>
        <p className="muted small comment__meta">
          <time dateTime={comment.createdAt}>{relativeTime(comment.createdAt)}</time>
          {canReport && (
            <button
              type="button"
              className="link-btn comment__report"
              aria-label={`Report comment by ${comment.author.username}`}
              onClick={onReport}
            >
              Report
            </button>
          )}
        </p>
      </div>
      {canDelete && (
        <button
          type="button"
          className="icon-btn comment__delete"
          aria-label={`Delete comment by ${comment.author.username}`}
          onClick={onDelete}
        >
          <TrashIcon size={16} />
        </button>
      )}
    </li>
  );
}

/** A post's comments, oldest first, with "View more comments" for the next page. */
export function CommentList({ post, meId }: { post: Post; meId: string }) {
  const comments = useComments(post.id);
  const remove = useDeleteComment(post.id);
  const toast = useToast();
  const [confirming, setConfirming] = useState<Comment | null>(null);
  const [reporting, setReporting] = useState<Comment | null>(null);
  const items = flattenComments(comments.data);

  if (comments.isPending) return <Spinner label="Loading comments" />;
  if (comments.isError) return <QueryError error={comments.error} onRetry={() => void comments.refetch()} />;

  return (
    <>
      {items.length === 0 ? (
        <p className="muted post-page__no-comments">No comments yet. Start the conversation.</p>
      ) : (
        <ul className="comment-list" aria-label="Comments">
          {items.map((comment) => (
            <CommentItem
              key={comment.id}
              comment={comment}
              // The comment's author and the post's author may delete it (the API's rule).
              canDelete={comment.author.id === meId || post.author.id === meId}
              canReport={comment.author.id !== meId}
              onDelete={() => setConfirming(comment)}
              onReport={() => setReporting(comment)}
            />
          ))}
        </ul>
      )}
      {comments.hasNextPage && (
        <button
          type="button"
          className="btn btn--ghost btn--sm post-page__more"
          disabled={comments.isFetchingNextPage}
          onClick={() => void comments.fetchNextPage()}
        >
          {comments.isFetchingNextPage ? 'Loading…' : 'View more comments'}
        </button>
      )}
      {reporting && (
        <ReportDialog targetType="comment" targetId={reporting.id} onClose={() => setReporting(null)} />
      )}
      {confirming && (
        <ConfirmDialog
          title="Delete comment?"
          confirmLabel="Delete"
          busy={remove.isPending}
          onCancel={() => setConfirming(null)}
          onConfirm={() =>
            remove.mutate(confirming, {
              onSuccess: () => {
                setConfirming(null);
                toast.info('Comment deleted.');
              },
              onError: (error) => {
                setConfirming(null);
                toast.error(error);
              },
            })
          }
        >
          “{confirming.text.length > 80 ? `${confirming.text.slice(0, 80)}…` : confirming.text}”
        </ConfirmDialog>
      )}
    </>
  );
}
