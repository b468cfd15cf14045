import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '#/app/App';
import { applyTheme, readStoredTheme } from '#/app/theme';
import { claimBootRequests, takeOnce } from '#/boot/handoff';
import { createQueryClient } from '#/state/queryClient';
import { prefetchHomeFeed } from '#/screens/home-prefetch';
import { fetchSession, sessionKeys } from '#/state/queries/session';
import '#/app/styles.css';

// Before the first paint, so a stored dark theme does not flash light.
applyTheme(readStoredTheme());

// What index.html's boot script already asked for (who is signed in; on `/`, the feed).
const boot = claimBootRequests();

// Ask who is signed in at once, before React renders.
const queryClient = createQueryClient();
const startedMe = takeOnce(boot?.me);
const session = queryClient.prefetchQuery({
  queryKey: sessionKeys.me,
  queryFn: () => fetchSession(startedMe()),
});
// A signed-in visitor's home feed (and its first photo) as soon as the session is known, while
// React is still rendering the frame: the first photo is the page's largest paint.
if (location.pathname === '/') {
  void session
    .then(() =>
      queryClient.getQueryData(sessionKeys.me) ? prefetchHomeFeed(queryClient, boot?.homeFeed) : undefined,
    )
    .catch(() => undefined);
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App queryClient={queryClient} />
  </StrictMode>,
);
