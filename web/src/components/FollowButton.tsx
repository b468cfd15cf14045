import { useToast } from '#/app/toasts';
import type { User } from '#/lib/api/types';
import { useFollowToggle } from '#/state/queries/follow';

export function followLabel(user: User): string {
  if (user.followedByMe) return 'Following';
  if (user.requestedByMe) return 'Requested';
  return user.isPrivate ? 'Request to follow' : 'Follow';
}

/** Follow / Following / Requested, for one user; shows the change at once. */
export function FollowButton({ user, compact = false }: { user: User; compact?: boolean }) {
  const toggle = useFollowToggle();
  const toast = useToast();
  const active = user.followedByMe || user.requestedByMe;
  const label = compact && !active ? 'Follow' : followLabel(user);
  return (
    <button
      type="button"
      className={`btn ${active ? 'btn--secondary' : 'btn--primary'}${compact ? ' btn--sm' : ''}`}
      aria-pressed={active}
      onClick={() => toggle(user, !active, (error, retry) => toast.error(error, retry))}
    >
      {/* The name starts with the words on screen (WCAG 2.5.3): "Following bob", pressed. */}
      {label}
      <span className="visually-hidden"> {user.username}</span>
    </button>
  );
}
