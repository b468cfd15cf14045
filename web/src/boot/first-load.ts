// index.html's boot script, its own small entry that runs as soon as it has
// downloaded, long before the app's entry has been evaluated (~0.2 s of script
// on a fast machine): it asks who is signed in and, for a signed-in visitor of
// `/`, the home feed's first page and its first photo (the page's largest
// paint). main.tsx takes the requests over (boot/handoff.ts). Signed-out
// visitors and every other route cost nothing more than the /auth/me the app
// needs anyway, and a visitor without the server's signed-in hint (lib/api/session-hint.ts)
// not even that: no 401 for the browser to log.
import { applyTheme, readStoredTheme } from '#/app/theme-store';
import type { PostPage } from '#/lib/api/types';
import { mayBeSignedIn } from '#/lib/api/session-hint';
import { preloadPostPhoto } from '#/lib/media';
import { HOME_FEED_PAGE_SIZE, publishBootRequests } from './handoff';

// As lib/api/client.ts sends them.
const init: RequestInit = { credentials: 'same-origin', headers: { Accept: 'application/json' } };

publishBootRequests(() => {
  const me = mayBeSignedIn() ? fetch('/api/v1/auth/me', init) : null;
  const homeFeed =
    me && location.pathname === '/'
      ? me.then(
          (response) => (response.ok ? fetch(`/api/v1/feed?limit=${HOME_FEED_PAGE_SIZE}`, init) : null),
          () => null,
        )
      : Promise.resolve(null);
  // The app awaits both later; until then a failure must not count as unhandled.
  me?.catch(() => undefined);
  homeFeed
    .then((response) => (response?.ok ? (response.clone().json() as Promise<PostPage>) : null))
    .then((page) => {
      const photo = page?.items[0]?.media[0];
      if (photo) preloadPostPhoto(photo);
    })
    .catch(() => undefined);
  return { me, homeFeed };
});

// The stored theme, once the requests are on their way. The first localStorage read of a page
// opens its storage (~10 ms of main thread in profiles of a cold load): done here, while
// the main thread waits for the entry, main.tsx's own read finds it open.
applyTheme(readStoredTheme());
