// Signing out, as the API client sees it. Between the click on "Log out" and
// the server's answer, every other request of this tab races the logout: one
// the server reads after it is answered 401, and the client would then refresh
// (refused: 401 again) and report the session expired — a burst of failed
// requests in the console for a logout that went exactly as asked. So a
// sign-out first aborts what is in flight, and requests asked for meanwhile
// wait for its outcome: after a logout they are refused here, never sent; if
// the logout failed, they go out as usual.

/** open: nothing of ours is ending the login; ending: a logout is on its way; ended: it was done. */
type Phase = 'open' | 'ending' | 'ended';

let phase: Phase = 'open';
let inFlight = new AbortController();
let settled: Promise<void> | null = null;
// The request that ends the login goes out during the sign-out: it is the one
// `logout` asks for synchronously (apiRequest reads this before its first await).
let sendingLogout = false;

/** True from the start of a logout of this tab until someone signs in again. */
export function isSigningOut(): boolean {
  return phase !== 'open';
}

/** A login, a sign-up or a second factor succeeded: requests are this login's again. */
export function sessionBegan(): void {
  phase = 'open';
}

/**
 * Runs `logout` (a call that sends the request ending the login: a logout, the
 * end of this device's login, the deletion of the account) as this tab's
 * sign-out: what is in flight is aborted first; requests asked for until it
 * settles wait (see `holdDuringSignOut`).
 */
export async function signOutWith<T>(logout: () => Promise<T>): Promise<T> {
  phase = 'ending';
  inFlight.abort();
  inFlight = new AbortController();
  let done = () => {};
  settled = new Promise<void>((resolve) => {
    done = resolve;
  });
  try {
    sendingLogout = true;
    const pending = logout();
    sendingLogout = false;
    const result = await pending;
    phase = 'ended';
    return result;
  } catch (error) {
    phase = 'open';
    throw error;
  } finally {
    sendingLogout = false;
    settled = null;
    done();
  }
}

/**
 * For a request about to be sent (called synchronously at the start of
 * apiRequest): null when it may go at once — no sign-out on its way, or this is
 * the logout's own request; otherwise a promise of whether it may still go
 * once the sign-out settles (false: the logout is done).
 */
export function holdDuringSignOut(): Promise<boolean> | null {
  if (sendingLogout) {
    sendingLogout = false;
    return null;
  }
  if (!settled) return null;
  return settled.then(() => phase === 'open');
}

/**
 * Runs `send` with the signal a request goes out with: aborted by the caller's
 * own signal or by the start of a sign-out, whichever comes first. The link to
 * the caller's signal is undone once `send` settles, so long-lived signals
 * collect no listeners.
 */
export async function withRequestSignal<T>(
  own: AbortSignal | undefined,
  send: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const session = inFlight.signal;
  if (!own) return send(session);
  const both = new AbortController();
  const abort = () => both.abort();
  if (own.aborted || session.aborted) abort();
  own.addEventListener('abort', abort);
  session.addEventListener('abort', abort);
  try {
    return await send(both.signal);
  } finally {
    own.removeEventListener('abort', abort);
    session.removeEventListener('abort', abort);
  }
}

/** For tests only: back to a tab that never signed out. */
export function resetSigningOutForTests(): void {
  phase = 'open';
  inFlight = new AbortController();
  settled = null;
  sendingLogout = false;
}
