import { useEffect } from 'react';
import type { Blocker } from 'react-router';
import { useNavigationBlocker } from '#/app/AppRouter';

/**
 * While `active`, leaving asks first: an in-app navigation to another page is
 * held (the returned blocker is then 'blocked': proceed() or reset() it), and
 * closing or reloading the tab gets the browser's own "Leave site?" prompt.
 *
 * `isActive` is read when a navigation starts, so a caller can switch the guard
 * off and navigate in the same tick (e.g. right after posting).
 */
export function useLeaveGuard(active: boolean, isActive: () => boolean = () => active): Blocker {
  const blocker = useNavigationBlocker(
    ({ currentLocation, nextLocation }) => isActive() && currentLocation.pathname !== nextLocation.pathname,
  );

  useEffect(() => {
    if (!active) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [active]);

  return blocker;
}
