import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { User } from '#/lib/api/types';
import { Avatar } from './Avatar';
import './UserRow.css';

/** One person in a list: avatar, username, display name, and an action on the right. */
export function UserRow({
  user,
  action,
  onNavigate,
}: {
  user: Pick<User, 'username' | 'displayName' | 'avatarUrl'>;
  action?: ReactNode;
  onNavigate?: () => void;
}) {
  return (
    <li className="user-row">
      <Link to={`/u/${user.username}`} className="user-row__link" onClick={onNavigate}>
        <Avatar user={user} size="md" />
        <span className="user-row__names">
          <span className="user-row__username">{user.username}</span>
          {user.displayName && user.displayName !== user.username && (
            <span className="user-row__display muted">{user.displayName}</span>
          )}
        </span>
      </Link>
      {action && <div className="user-row__action">{action}</div>}
    </li>
  );
}
