import { Link, useNavigate, useParams } from 'react-router';
import { Avatar } from '#/components/Avatar';
import { Dialog } from '#/components/Dialog';
import { EmptyState } from '#/components/EmptyState';
import { FollowButton } from '#/components/FollowButton';
import { CameraIcon, GridIcon, LockIcon } from '#/components/Icons';
import { LoadMore } from '#/components/LoadMore';
import { PostGrid } from '#/components/PostGrid';
import { QueryError } from '#/components/QueryError';
import { Spinner } from '#/components/Spinner';
import { UserRow } from '#/components/UserRow';
import { isApiError } from '#/lib/api/client';
import type { User } from '#/lib/api/types';
import { compactCount, plural } from '#/lib/format';
import { useDocumentTitle } from '#/lib/hooks/useDocumentTitle';
import { useProfile, useUserList, useUserPosts } from '#/state/queries/profile';
import { useMe } from '#/state/queries/session';
import NotFoundScreen from './NotFoundScreen';
import { ProfileMenu } from './ProfileMenu';
import './ProfileScreen.css';

type ListKind = 'followers' | 'following';

function displayWebsite(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

function Count({ value, one, many, to }: { value: number; one: string; many: string; to?: string }) {
  const body = (
    <>
      <span className="profile__count-value">{compactCount(value)}</span> {plural(value, one, many)}
    </>
  );
  return <li className="profile__count">{to ? <Link to={to}>{body}</Link> : body}</li>;
}

function UserListDialog({ user, kind, onClose }: { user: User; kind: ListKind; onClose: () => void }) {
  const me = useMe();
  const list = useUserList(kind, user.username);
  const people = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Dialog title={kind === 'followers' ? 'Followers' : 'Following'} onClose={onClose}>
      {list.isPending ? (
        <Spinner />
      ) : list.isError ? (
        <QueryError error={list.error} onRetry={() => void list.refetch()} />
      ) : people.length === 0 ? (
        <p className="muted centered dialog__empty">
          {kind === 'followers' ? 'No followers yet.' : 'Not following anyone yet.'}
        </p>
      ) : (
        <>
          <ul className="user-list">
            {people.map((person) => (
              <UserRow
                key={person.id}
                user={person}
                action={person.id === me.id ? undefined : <FollowButton user={person} compact />}
              />
            ))}
          </ul>
          <LoadMore
            hasMore={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onMore={() => void list.fetchNextPage()}
          />
        </>
      )}
    </Dialog>
  );
}

function Posts({ user, canSee }: { user: User; canSee: boolean }) {
  const posts = useUserPosts(user.username, canSee && user.postCount > 0);
  if (!canSee) {
    return (
      <div className="private-notice">
        <span className="private-notice__icon">
          <LockIcon size={28} />
        </span>
        <div>
          <h2 className="private-notice__title">This account is private</h2>
          <p className="muted">Follow this account to see their photos.</p>
        </div>
      </div>
    );
  }
  const items = posts.data?.pages.flatMap((page) => page.items) ?? [];
  // Until the posts endpoint exists on every server, a 404 reads as "nothing yet".
  const notThere = posts.isError && isApiError(posts.error) && posts.error.status === 404;
  if (user.postCount === 0 || notThere || (posts.isSuccess && items.length === 0)) {
    return (
      <EmptyState icon={<CameraIcon size={34} />} title="No posts yet">
        When {user.username} shares photos, they will appear here.
      </EmptyState>
    );
  }
  if (posts.isPending) return <Spinner />;
  if (posts.isError) return <QueryError error={posts.error} onRetry={() => void posts.refetch()} />;
  return (
    <>
      <PostGrid posts={items} />
      <LoadMore
        hasMore={posts.hasNextPage}
        loading={posts.isFetchingNextPage}
        onMore={() => void posts.fetchNextPage()}
      />
    </>
  );
}

export default function ProfileScreen() {
  const { username = '', list } = useParams();
  const me = useMe();
  const navigate = useNavigate();
  const profile = useProfile(username);
  const user = profile.data;
  useDocumentTitle(user ? `${user.displayName || user.username} (@${user.username})` : username);

  if (list !== undefined && list !== 'followers' && list !== 'following') return <NotFoundScreen />;
  if (profile.isPending) return <Spinner label="Loading profile" />;
  if (profile.isError) {
    if (isApiError(profile.error) && profile.error.status === 404) return <NotFoundScreen />;
    return <QueryError error={profile.error} onRetry={() => void profile.refetch()} />;
  }
  if (!user) return <NotFoundScreen />;

  const isMe = user.id === me.id;
  const canSee = isMe || !user.isPrivate || user.followedByMe;
  const base = `/u/${user.username}`;

  return (
    <div className="page profile">
      <header className="profile__header">
        <div className="profile__avatar">
          <Avatar user={user} size="xl" />
        </div>
        <section className="profile__info" aria-labelledby="profile-username">
          <div className="profile__title-row">
            <h1 id="profile-username" className="profile__username">
              {user.username}
              {user.isPrivate && (
                <span className="profile__lock" title="Private account">
                  <LockIcon size={16} />
                  <span className="visually-hidden">Private account</span>
                </span>
              )}
            </h1>
            <div className="profile__actions">
              {isMe ? (
                <>
                  <Link to="/settings/profile" className="btn btn--secondary">
                    Edit profile
                  </Link>
                  {user.isPrivate && (
                    <Link to="/follow-requests" className="btn btn--secondary">
                      Follow requests
                    </Link>
                  )}
                </>
              ) : (
                <>
                  <FollowButton user={user} />
                  <ProfileMenu user={user} />
                </>
              )}
            </div>
          </div>
          <ul className="profile__counts">
            <Count value={user.postCount} one="post" many="posts" />
            <Count
              value={user.followerCount}
              one="follower"
              many="followers"
              to={canSee ? `${base}/followers` : undefined}
            />
            <Count
              value={user.followingCount}
              one="following"
              many="following"
              to={canSee ? `${base}/following` : undefined}
            />
          </ul>
          <div className="profile__bio">
            {user.displayName && <p className="profile__name">{user.displayName}</p>}
            {user.bio && <p className="profile__bio-text">{user.bio}</p>}
            {user.website && (
              <a
                className="profile__website"
                href={user.website}
                rel="noopener noreferrer nofollow"
                target="_blank"
              >
                {displayWebsite(user.website)}
              </a>
            )}
          </div>
        </section>
      </header>

      <div className="profile__tabs" role="presentation">
        <span className="profile__tab profile__tab--active">
          <GridIcon size={14} /> Posts
        </span>
      </div>

      <Posts user={user} canSee={canSee} />

      {list && canSee && (
        <UserListDialog
          user={user}
          kind={list}
          onClose={() => void navigate(base, { replace: true, preventScrollReset: true })}
        />
      )}
    </div>
  );
}
