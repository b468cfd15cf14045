// Whether this browser may hold a login, without asking the server. Beside its
// HttpOnly session cookies the server sets `lenslet_signed_in=1`, readable by
// the page, with the same lifetime, and clears it on logout
// (server/api/accounts/session_cookies.cpp). Without it the visitor is signed
// out for sure: the app asks no GET /auth/me, whose 401 the browser would log
// as a failed request on every signed-out visit. A leaf module: the boot
// script (boot/first-load.ts) imports it too.

export const SIGNED_IN_HINT_COOKIE = 'lenslet_signed_in';

/** False only when the hint is absent: then no session cookie can be here either. */
export function mayBeSignedIn(): boolean {
  return document.cookie.split(';').some((pair) => pair.trim().startsWith(`${SIGNED_IN_HINT_COOKIE}=`));
}

/**
 * Drops the hint once the server has said the login is gone (a refused
 * refresh: revoked, or ended on another device), so later visits stay quiet.
 */
export function forgetSignedIn(): void {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${SIGNED_IN_HINT_COOKIE}=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; SameSite=Lax${secure}`;
}
