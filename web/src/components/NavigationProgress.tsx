import { useNavigationPending } from '#/app/AppRouter';
import './NavigationProgress.css';

/**
 * A thin bar at the top of the page while a navigation waits for its screen (a
 * screen's code loading on a slow link): the old screen stays until the new one
 * is ready, so without it a click seems to do nothing. Shown after a short delay
 * (CSS), so fast navigations never flash it.
 */
export function NavigationProgress() {
  const pending = useNavigationPending();
  if (!pending) return null;
  return <div className="nav-progress" role="progressbar" aria-label="Loading the page" />;
}
