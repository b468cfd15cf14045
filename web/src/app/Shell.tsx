import { Suspense, useEffect, useRef, useSyncExternalStore } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { Avatar } from '#/components/Avatar';
import { NavigationProgress } from '#/components/NavigationProgress';
import { VerificationBanner } from '#/components/VerificationBanner';
import {
  ChartIcon,
  CompassIcon,
  HeartIcon,
  HomeIcon,
  LogoMark,
  MoonIcon,
  PlusSquareIcon,
  SearchIcon,
  SendIcon,
  SettingsIcon,
  ShieldIcon,
  SunIcon,
} from '#/components/Icons';
import { Spinner } from '#/components/Spinner';
import type { OwnUser } from '#/lib/api/types';
import { useAfterFirstPaint } from '#/lib/hooks/useAfterFirstPaint';
import { useUnreadMessages } from '#/state/queries/conversations';
import { isAdmin, isModerator } from '#/state/queries/moderation';
import { UNREAD_POLL_MS, useUnreadCount } from '#/state/queries/notifications';
import { useMe } from '#/state/queries/session';
import { RealtimeProvider, useRealtime } from '#/state/realtime/socket';
import { ErrorBoundary } from './ErrorBoundary';
import { useTheme } from './theme';

function Badge({ count, testId = 'unread-badge' }: { count: number; testId?: string }) {
  if (count <= 0) return null;
  return (
    <span className="badge" data-testid={testId}>
      {count > 99 ? '99+' : count}
    </span>
  );
}

function unreadLabel(count: number): string {
  return count > 0 ? `Notifications, ${count} unread` : 'Notifications';
}

function messagesLabel(count: number): string {
  return count > 0 ? `Messages, ${count} unread` : 'Messages';
}

/** Where the side nav replaces the top bar and the tab bar (styles.css has the same breakpoint). */
const WIDE_QUERY = '(min-width: 768px)';
let wideQuery: MediaQueryList | undefined;

function wideLayout(): MediaQueryList | undefined {
  if (typeof matchMedia !== 'function') return undefined;
  wideQuery ??= matchMedia(WIDE_QUERY);
  return wideQuery;
}

function subscribeWide(onChange: () => void): () => void {
  const query = wideLayout();
  query?.addEventListener('change', onChange);
  return () => query?.removeEventListener('change', onChange);
}

/**
 * Whether the screen is wide enough for the side nav. Only the navigation the screen
 * shows is rendered: both were, one of them hidden by CSS — twice the links to render
 * on the way to the first screen.
 */
function useWideLayout(): boolean {
  return useSyncExternalStore(subscribeWide, () => wideLayout()?.matches ?? true);
}

/** The signed-in frame, with the session's real-time connection open for as long as it is shown. */
export function Shell() {
  const me = useMe();
  return (
    <RealtimeProvider myId={me.id}>
      <ShellFrame me={me} />
    </RealtimeProvider>
  );
}

/**
 * A side nav on wide screens, a top bar and bottom tabs on phones. `me` comes
 * from Shell: this re-renders on connection changes, which may happen in the
 * tick between a logout emptying the session and the guard unmounting us.
 */
function ShellFrame({ me }: { me: OwnUser }) {
  // While the socket is up, notification:new keeps the count: no need to poll.
  const { connected } = useRealtime();
  // The badges are asked for once the first screen is painted, not while it renders.
  const badges = useAfterFirstPaint();
  const unread = useUnreadCount(badges, connected ? false : UNREAD_POLL_MS).data ?? 0;
  const unreadMessages = useUnreadMessages(badges);
  const { resolved, toggle } = useTheme();
  const wide = useWideLayout();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  // A followers/following dialog opens over its profile: not a new screen.
  const screenKey = location.pathname.replace(/\/(followers|following)\/?$/, '');

  // After a navigation, focus moves to the new screen so screen readers start there.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [screenKey]);

  const themeLabel = resolved === 'dark' ? 'Switch to light theme' : 'Switch to dark theme';
  // Only moderators and admins see the way in; for everyone else the screen does not exist.
  const staff = isModerator(me);
  const profilePath = `/u/${me.username}`;

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      {wide && (
        <nav className="sidenav" aria-label="Main">
          <Link to="/" className="sidenav__brand" aria-label="Lenslet home">
            <LogoMark size={30} />
            <span className="wordmark">Lenslet</span>
          </Link>
          <ul className="sidenav__list">
            <li>
              <NavLink to="/" end className="sidenav__item">
                {({ isActive }) => (
                  <>
                    <HomeIcon filled={isActive} />
                    <span>Home</span>
                  </>
                )}
              </NavLink>
            </li>
            <li>
              <NavLink to="/search" className="sidenav__item">
                <SearchIcon />
                <span>Search</span>
              </NavLink>
            </li>
            <li>
              <NavLink to="/explore" className="sidenav__item">
                {({ isActive }) => (
                  <>
                    <CompassIcon strokeWidth={isActive ? 2.6 : 1.9} />
                    <span>Explore</span>
                  </>
                )}
              </NavLink>
            </li>
            <li>
              <NavLink to="/messages" className="sidenav__item" aria-label={messagesLabel(unreadMessages)}>
                <span className="icon-with-badge">
                  <SendIcon />
                  <Badge count={unreadMessages} testId="messages-badge" />
                </span>
                <span>Messages</span>
              </NavLink>
            </li>
            <li>
              <NavLink to="/notifications" className="sidenav__item" aria-label={unreadLabel(unread)}>
                {({ isActive }) => (
                  <>
                    <span className="icon-with-badge">
                      <HeartIcon filled={isActive} />
                      <Badge count={unread} />
                    </span>
                    <span>Notifications</span>
                  </>
                )}
              </NavLink>
            </li>
            <li>
              <NavLink to="/new" className="sidenav__item">
                <PlusSquareIcon />
                <span>New post</span>
              </NavLink>
            </li>
            <li>
              <NavLink to={profilePath} className="sidenav__item">
                <Avatar user={me} size="xs" />
                <span>Profile</span>
              </NavLink>
            </li>
          </ul>
          <ul className="sidenav__list sidenav__list--end">
            {staff && (
              <li>
                <NavLink to="/moderation" className="sidenav__item">
                  <ShieldIcon />
                  <span>Moderation</span>
                </NavLink>
              </li>
            )}
            {isAdmin(me) && (
              <li>
                <NavLink to="/server" className="sidenav__item">
                  <ChartIcon />
                  <span>Server</span>
                </NavLink>
              </li>
            )}
            <li>
              <button type="button" className="sidenav__item" onClick={toggle} aria-label={themeLabel}>
                {resolved === 'dark' ? <SunIcon /> : <MoonIcon />}
                <span>{resolved === 'dark' ? 'Light theme' : 'Dark theme'}</span>
              </button>
            </li>
            <li>
              <NavLink to="/settings" className="sidenav__item">
                <SettingsIcon />
                <span>Settings</span>
              </NavLink>
            </li>
          </ul>
        </nav>
      )}

      {!wide && (
        <header className="topbar">
          <Link to="/" className="topbar__brand" aria-label="Lenslet home">
            <LogoMark size={26} />
            <span className="wordmark">Lenslet</span>
          </Link>
          <div className="topbar__actions">
            <NavLink to="/messages" className="icon-btn" aria-label={messagesLabel(unreadMessages)}>
              <span className="icon-with-badge">
                <SendIcon />
                <Badge count={unreadMessages} testId="messages-badge" />
              </span>
            </NavLink>
            {staff && (
              <NavLink to="/moderation" className="icon-btn" aria-label="Moderation">
                <ShieldIcon />
              </NavLink>
            )}
            <NavLink to="/settings" className="icon-btn" aria-label="Settings">
              <SettingsIcon />
            </NavLink>
            <button type="button" className="icon-btn" onClick={toggle} aria-label={themeLabel}>
              {resolved === 'dark' ? <SunIcon /> : <MoonIcon />}
            </button>
          </div>
        </header>
      )}

      <NavigationProgress />
      <main id="main" ref={mainRef} tabIndex={-1} className="main">
        <VerificationBanner me={me} />
        <ScreenOutlet />
      </main>

      {!wide && (
        <nav className="tabbar" aria-label="Tabs">
          <NavLink to="/" end className="tabbar__item" aria-label="Home">
            {({ isActive }) => <HomeIcon filled={isActive} />}
          </NavLink>
          <NavLink to="/explore" className="tabbar__item" aria-label="Explore and search">
            {({ isActive }) => <CompassIcon strokeWidth={isActive ? 2.6 : 1.9} />}
          </NavLink>
          <NavLink to="/new" className="tabbar__item" aria-label="New post">
            <PlusSquareIcon />
          </NavLink>
          <NavLink to="/notifications" className="tabbar__item" aria-label={unreadLabel(unread)}>
            {({ isActive }) => (
              <span className="icon-with-badge">
                <HeartIcon filled={isActive} />
                <Badge count={unread} />
              </span>
            )}
          </NavLink>
          <NavLink to={profilePath} className="tabbar__item" aria-label="Profile">
            <Avatar user={me} size="xs" />
          </NavLink>
        </nav>
      )}
    </div>
  );
}

/** The frame of the sign-in and sign-up pages. */
export function AuthFrame() {
  return (
    <>
      <NavigationProgress />
      <main id="main" className="auth-main">
        <ScreenOutlet />
      </main>
    </>
  );
}

/**
 * The route's screen in both frames: a screen that throws is caught there (and
 * forgotten on the next page), and a screen's first load shows a spinner.
 */
function ScreenOutlet() {
  const location = useLocation();
  return (
    <ErrorBoundary resetKey={location.pathname}>
      <Suspense fallback={<Spinner />}>
        <Outlet />
      </Suspense>
    </ErrorBoundary>
  );
}
