// What index.html's boot script (boot/first-load.ts) asks for before the app's
// own script has even been evaluated, and how the app takes it over. Imported
// by both, so it must stay a leaf: no React, no query client, no API client.

/** The home feed's page size: the boot script's first page and homeFeedQuery's pages alike. */
export const HOME_FEED_PAGE_SIZE = 10;

/** Requests the boot script started, for the app to use instead of asking again. */
export interface BootRequests {
  /** GET /auth/me; null when the signed-in hint is absent (signed out: nothing asked). */
  me: Promise<Response> | null;
  /** GET /feed's first page when the page is `/` and `me` said signed in; else null. */
  homeFeed: Promise<Response | null>;
}

// One slot on window: the requests, or the app's mark that it has started (a
// boot script that runs later must then start nothing, or the app would never
// see its requests and everything would be asked for twice).
const SLOT = Symbol.for('lenslet.boot');
const CLAIMED = 'claimed';
type Slot = BootRequests | typeof CLAIMED | undefined;

function slot(): { [SLOT]?: Slot } {
  return window as unknown as { [SLOT]?: Slot };
}

/** The boot script: starts its requests unless the app has already started. */
export function publishBootRequests(start: () => BootRequests): void {
  const holder = slot();
  if (holder[SLOT] !== undefined) return;
  holder[SLOT] = start();
}

/**
 * The app, once, at start: what the boot script started (null when it did not
 * run first, as under the dev server). Nothing stays on window afterwards.
 */
export function claimBootRequests(): BootRequests | null {
  const holder = slot();
  const found = holder[SLOT];
  holder[SLOT] = CLAIMED;
  return typeof found === 'object' ? found : null;
}

/**
 * A started request for one use only: the first call returns it, later calls
 * (a retry of the query) return undefined and so ask the server again.
 */
export function takeOnce<T>(value: T | undefined): () => T | undefined {
  let left = value;
  return () => {
    const taken = left;
    left = undefined;
    return taken;
  };
}
