import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '#/app/App';
import { applyTheme, readStoredTheme } from '#/app/theme-store';
import { claimBootRequests, takeOnce } from '#/boot/handoff';
import { createQueryClient } from '#/state/queryClient';
import { prefetchHomeFeed } from '#/screens/home-prefetch';
import { fetchSession, sessionKeys } from '#/state/queries/session';
import '#/app/styles.css';

/**
 * How long the first render waits for the first screen's data. The boot script
 * asked for it while the entry downloaded, so it is normally here already; a
 * render before it would draw a spinner only to replace it in the next task,
 * one more render and layout on the way to the largest paint.
 */
const FIRST_RENDER_WAIT_MS = 150;

// Before the first paint, so a stored dark theme does not flash light. The boot script has
// normally done it already (and paid for opening localStorage while the entry downloaded).
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
// A signed-in visitor's home feed (and its first photo) as soon as the session is known: the
// first photo is the page's largest paint.
const firstScreen =
  location.pathname === '/'
    ? session
        .then(() =>
          queryClient.getQueryData(sessionKeys.me)
            ? prefetchHomeFeed(queryClient, boot?.homeFeed)
            : undefined,
        )
        .catch(() => undefined)
    : session;

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
void Promise.race([firstScreen, new Promise((resolve) => setTimeout(resolve, FIRST_RENDER_WAIT_MS))]).then(
  () =>
    createRoot(root).render(
      <StrictMode>
        <App queryClient={queryClient} />
      </StrictMode>,
    ),
);
