import { useEffect, useRef } from 'react';
import { Link } from 'react-router';
import { useToast } from '#/app/toasts';
import { Avatar } from '#/components/Avatar';
import { EmptyState } from '#/components/EmptyState';
import { FollowButton } from '#/components/FollowButton';
import { ChevronLeftIcon, HeartIcon, ShieldIcon } from '#/components/Icons';
import { LoadMore } from '#/components/LoadMore';
import { QueryError } from '#/components/QueryError';
import { Spinner } from '#/components/Spinner';
import type { Notification } from '#/lib/api/types';
import { relativeTime } from '#/lib/format';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import { useFollowRequests } from '#/state/queries/follow-requests';
import { useMarkNotificationsRead, useNotifications } from '#/state/queries/notifications';
import './NotificationsScreen.css';

/** The moderation notices (content removed, warning): from the moderators, not from a person. */
type ModerationNotice = { type: string; reason?: string | null; targetType?: string | null };

const MODERATION_TYPES = new Set(['content_removed', 'warning']);

export function isModerationNotice(notification: { type: string }): boolean {
  return MODERATION_TYPES.has(notification.type);
}

const TARGET_NOUN: Record<string, string> = {
  post: 'post',
  comment: 'comment',
  message: 'message',
  user: 'profile',
};

export function describeModerationNotice(notice: ModerationNotice): string {
  const noun = TARGET_NOUN[notice.targetType ?? ''] ?? 'content';
  return notice.type === 'content_removed'
    ? `A moderator removed your ${noun}.`
    : 'A moderator sent you a warning.';
}

export function describeNotification(notification: { type: string }): string {
  switch (notification.type as Notification['type']) {
    case 'follow':
      return 'started following you.';
    case 'follow_request':
      return 'requested to follow you.';
    case 'like':
      return 'liked your photo.';
    case 'comment':
      return 'commented on your photo.';
    case 'mention':
      return 'mentioned you in a comment.';
    case 'security':
      return '— someone tried to sign in to your account with wrong passwords.';
    default:
      return '';
  }
}

function ModerationNoticeRow({ notification }: { notification: Notification }) {
  const notice = notification as Notification & ModerationNotice;
  return (
    <li
      className={`notification notification--moderation${notification.read ? '' : ' notification--unread'}`}
      data-testid="moderation-notice"
    >
      <span className="notification__avatar notification__shield" aria-hidden="true">
        <ShieldIcon size={24} />
      </span>
      <p className="notification__text">
        <span className="strong">{describeModerationNotice(notice)}</span>
        {notice.reason && <> “{notice.reason}”</>}{' '}
        <time className="muted" dateTime={notification.createdAt}>
          {relativeTime(notification.createdAt)}
        </time>
        {!notification.read && <span className="visually-hidden"> (unread)</span>}
      </p>
    </li>
  );
}

/** The id of the post a notification is about (the OpenAPI leaves `post` an untyped object). */
function postIdOf(notification: Notification): string | null {
  const post: unknown = notification.post;
  if (typeof post === 'object' && post !== null && 'id' in post && typeof post.id === 'string')
    return post.id;
  return null;
}

function NotificationRow({ notification }: { notification: Notification }) {
  if (isModerationNotice(notification)) return <ModerationNoticeRow notification={notification} />;
  return <PersonNotificationRow notification={notification} />;
}

function PersonNotificationRow({ notification }: { notification: Notification }) {
  const { actor } = notification;
  const postId = postIdOf(notification);
  const time = relativeTime(notification.createdAt);
  return (
    <li className={`notification${notification.read ? '' : ' notification--unread'}`}>
      <Link to={`/u/${actor.username}`} className="notification__avatar" tabIndex={-1} aria-hidden="true">
        <Avatar user={actor} size="md" />
      </Link>
      <p className="notification__text">
        <Link to={`/u/${actor.username}`} className="strong">
          {actor.username}
        </Link>{' '}
        {postId ? (
          <Link to={`/p/${postId}`}>{describeNotification(notification)}</Link>
        ) : (
          describeNotification(notification)
        )}{' '}
        <time className="muted" dateTime={notification.createdAt}>
          {time}
        </time>
        {!notification.read && <span className="visually-hidden"> (unread)</span>}
      </p>
      <div className="notification__action">
        {notification.type === 'follow' && <FollowButton user={actor} compact />}
        {notification.type === 'follow_request' && (
          <Link to="/follow-requests" className="btn btn--secondary btn--sm">
            Review
          </Link>
        )}
      </div>
    </li>
  );
}

function RequestsEntry() {
  const requests = useFollowRequests();
  const people = requests.data?.pages.flatMap((page) => page.items) ?? [];
  const first = people[0];
  if (!first) return null;
  const more = people.length - 1 + (requests.hasNextPage ? 1 : 0);
  return (
    <Link to="/follow-requests" className="requests-entry card">
      <Avatar user={first} size="md" />
      <span className="requests-entry__text">
        <span className="strong">Follow requests</span>
        <span className="muted small">
          {first.username}
          {more > 0 ? ` + ${more}${requests.hasNextPage ? '+' : ''} others` : ''}
        </span>
      </span>
      <span className="requests-entry__chevron" aria-hidden="true">
        <ChevronLeftIcon size={18} />
      </span>
    </Link>
  );
}

export default function NotificationsScreen() {
  useDocumentTitle('Notifications');
  const notifications = useNotifications();
  const markRead = useMarkNotificationsRead();
  const toast = useToast();
  const items = notifications.data?.pages.flatMap((page) => page.items) ?? [];
  const newest = items[0];
  const unread = notifications.data?.pages[0]?.unreadCount ?? 0;
  const markedUpTo = useRef<string | null>(null);

  // Seeing the list marks what it shows read (the unread dots stay until the next visit).
  const markMutate = markRead.mutate;
  useEffect(() => {
    if (!newest || unread === 0 || markedUpTo.current === newest.id) return;
    markedUpTo.current = newest.id;
    markMutate(newest.id, { onError: (error) => toast.error(error, () => markMutate(newest.id)) });
  }, [newest, unread, markMutate, toast]);

  const fresh = items.filter((item) => !item.read);
  const earlier = items.filter((item) => item.read);

  return (
    <div className="page page--narrow">
      <div className="page__header">
        <h1 className="page__title">Notifications</h1>
        {unread > 0 && (
          <button
            type="button"
            className="btn btn--ghost btn--sm"
            disabled={markRead.isPending}
            onClick={() => markRead.mutate(undefined, { onError: (error) => toast.error(error) })}
          >
            Mark all as read
          </button>
        )}
      </div>
      <RequestsEntry />
      {notifications.isPending ? (
        <Spinner />
      ) : notifications.isError ? (
        <QueryError error={notifications.error} onRetry={() => void notifications.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState icon={<HeartIcon size={34} />} title="Activity on your posts">
          When someone likes or comments on your photos, or follows you, you will see it here.
        </EmptyState>
      ) : (
        <>
          {fresh.length > 0 && (
            <section aria-labelledby="notifications-new">
              <h2 id="notifications-new" className="section-title">
                New
              </h2>
              <ul className="notification-list">
                {fresh.map((item) => (
                  <NotificationRow key={item.id} notification={item} />
                ))}
              </ul>
            </section>
          )}
          {earlier.length > 0 && (
            <section aria-labelledby="notifications-earlier">
              <h2 id="notifications-earlier" className="section-title">
                Earlier
              </h2>
              <ul className="notification-list">
                {earlier.map((item) => (
                  <NotificationRow key={item.id} notification={item} />
                ))}
              </ul>
            </section>
          )}
          <LoadMore
            hasMore={notifications.hasNextPage}
            loading={notifications.isFetchingNextPage}
            onMore={() => void notifications.fetchNextPage()}
          />
        </>
      )}
    </div>
  );
}
