import { useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useToast } from '#/app/toasts';
import { Avatar } from '#/components/Avatar';
import { Carousel } from '#/components/Carousel';
import { EditedMark } from '#/components/EditedMark';
import { ConfirmDialog } from '#/components/ConfirmDialog';
import { TrashIcon } from '#/components/Icons';
import { PostActions } from '#/components/PostActions';
import { PostMenu } from '#/components/PostMenu';
import { QueryError } from '#/components/QueryError';
import { RichText } from '#/components/RichText';
import { Spinner } from '#/components/Spinner';
import { isApiError } from '#/lib/api/client';
import type { Post } from '#/lib/api/types';
import { relativeTime } from '#/lib/format';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import { useDeletePost, useLikeToggle, usePost } from '#/state/queries/posts';
import { useMe } from '#/state/queries/session';
import NotFoundScreen from '../NotFoundScreen';
import { CommentComposer } from './CommentComposer';
import { CommentList } from './CommentList';
import './PostScreen.css';

function titleOf(post: Post): string {
  const caption = post.caption.trim();
  const head = caption.length > 40 ? `${caption.slice(0, 40)}…` : caption;
  return head ? `${post.author.username}: “${head}”` : `Post by ${post.author.username}`;
}

function PostView({ post }: { post: Post }) {
  const me = useMe();
  const toast = useToast();
  const navigate = useNavigate();
  const toggleLike = useLikeToggle();
  const deletePost = useDeletePost();
  const [confirming, setConfirming] = useState(false);
  const composer = useRef<HTMLTextAreaElement>(null);
  const mine = post.author.id === me.id;

  const onDelete = () =>
    deletePost.mutate(post, {
      onSuccess: () => {
        setConfirming(false);
        toast.info('Post deleted.');
        void navigate(`/u/${me.username}`, { replace: true });
      },
      onError: (error) => {
        setConfirming(false);
        toast.error(error);
      },
    });

  return (
    // One grid: on phones header, photos, actions, thread and composer stack in
    // that order; on wide screens the photos take the left and the rest the right.
    <article className="post-page" aria-labelledby="post-page-author">
      <header className="post-page__header">
        <h1 id="post-page-author" className="post-page__heading">
          <Link to={`/u/${post.author.username}`} className="post-page__author">
            <Avatar user={post.author} size="sm" />
            <span className="strong">{post.author.username}</span>
          </Link>
        </h1>
        <PostMenu post={post} />
        {mine && (
          <button
            type="button"
            className="icon-btn post-page__delete"
            aria-label="Delete post"
            onClick={() => setConfirming(true)}
          >
            <TrashIcon size={20} />
          </button>
        )}
      </header>
      <div className="post-page__media">
        <Carousel
          media={post.media}
          label={`Photos by ${post.author.username}`}
          fallbackAlt={`Photo by ${post.author.username}`}
          priority
          sizes="(min-width: 1000px) 600px, (min-width: 640px) 560px, 100vw"
          onDoubleTap={() => {
            if (!post.likedByMe) toggleLike(post, true, (error, retry) => toast.error(error, retry));
          }}
        />
      </div>
      <div className="post-page__actions">
        <PostActions post={post} onComment={() => composer.current?.focus()} />
        <p className="muted small">
          <time dateTime={post.createdAt}>{relativeTime(post.createdAt)}</time>
          <EditedMark editedAt={post.editedAt} />
        </p>
      </div>
      <div className="post-page__thread">
        {post.caption && (
          <div className="comment post-page__caption">
            <span className="comment__avatar" aria-hidden="true">
              <Avatar user={post.author} size="sm" />
            </span>
            <div className="comment__main">
              <p className="comment__text">
                <Link to={`/u/${post.author.username}`} className="strong">
                  {post.author.username}
                </Link>{' '}
                <RichText text={post.caption} />
              </p>
            </div>
          </div>
        )}
        <CommentList post={post} meId={me.id} />
      </div>
      <div className="post-page__composer">
        <CommentComposer ref={composer} postId={post.id} />
      </div>
      {confirming && (
        <ConfirmDialog
          title="Delete post?"
          confirmLabel="Delete"
          busy={deletePost.isPending}
          onConfirm={onDelete}
          onCancel={() => setConfirming(false)}
        >
          Its photos, likes and comments go too. This cannot be undone.
        </ConfirmDialog>
      )}
    </article>
  );
}

export default function PostScreen() {
  const { id = '' } = useParams();
  const post = usePost(id);
  useDocumentTitle(post.data ? titleOf(post.data) : 'Post');

  if (post.data) return <PostView post={post.data} />;
  if (post.isPending) return <Spinner label="Loading post" />;
  if (isApiError(post.error) && post.error.status === 404) return <NotFoundScreen />;
  return <QueryError error={post.error} onRetry={() => void post.refetch()} />;
}
