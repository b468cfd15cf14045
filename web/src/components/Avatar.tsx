import './Avatar.css';

interface AvatarProps {
  user: { username: string; displayName?: string; avatarUrl: string | null };
  size?: 'xs' | 'sm' | 'md' | 'lg' | 'xl';
  /** A gradient ring, as for accounts with something new. */
  ring?: boolean;
}

const PALETTE = ['#f58529', '#dd2a7b', '#8134af', '#515bd4', '#0095f6', '#00a86b', '#e4405f', '#fcaf45'];

/** A stable colour per username, for people without a photo. */
export function avatarColour(username: string): number {
  let hash = 0;
  for (const ch of username) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash % PALETTE.length;
}

export function Avatar({ user, size = 'md', ring = false }: AvatarProps) {
  const initial = (user.displayName || user.username).trim().charAt(0).toUpperCase() || '?';
  const inner = user.avatarUrl ? (
    <img className="avatar__img" src={user.avatarUrl} alt="" loading="lazy" decoding="async" />
  ) : (
    <span className={`avatar__initial avatar--c${avatarColour(user.username)}`} aria-hidden="true">
      {initial}
    </span>
  );
  return <span className={`avatar avatar--${size}${ring ? ' avatar--ring' : ''}`}>{inner}</span>;
}
