// The one way the app talks to /api/v1: JSON in and out, the error envelope
// turned into a typed ApiError, and a silent refresh when the access token has
// expired. Tokens never reach JavaScript: both cookies are HttpOnly.
import type { components } from './schema';
import { forgetSignedIn } from './session-hint';
import { holdDuringSignOut, isSigningOut, withRequestSignal } from './signing-out';

export type ErrorCode = components['schemas']['ErrorCode'] | 'network_error' | 'bad_response';

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  /** With two_factor_required: what the second step of the login sends back (POST /auth/login/2fa). */
  challenge: string | undefined;

  constructor(status: number, code: ErrorCode, message: string, field?: string, retryAfterSeconds?: number) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

/** A message fit to show a person, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (isApiError(error)) {
    if (error.code === 'network_error') return 'Could not reach Lenslet. Check your connection.';
    if (error.code === 'rate_limited') {
      return error.retryAfterSeconds
        ? `Too many tries. Try again in ${formatWait(error.retryAfterSeconds)}.`
        : 'Too many tries. Try again in a moment.';
    }
    if (error.status >= 500) return 'Something went wrong on our side. Try again.';
    return error.message;
  }
  return 'Something went wrong. Try again.';
}

function formatWait(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  return `${Math.ceil(seconds / 60)} min`;
}

const FALLBACK_MESSAGES: Record<number, string> = {
  400: 'The request was not understood.',
  401: 'You are not signed in.',
  403: 'You are not allowed to do that.',
  404: 'Not found.',
  409: 'That conflicts with something that already exists.',
  413: 'That is too large.',
  415: 'That type of file is not accepted.',
  422: 'That value is not valid.',
  429: 'Too many tries.',
};

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 405:
      return 'method_not_allowed';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 422:
      return 'invalid_value';
    case 429:
      return 'rate_limited';
    case 503:
      return 'unavailable';
    default:
      return status >= 500 ? 'internal' : 'bad_request';
  }
}

/** Maps a non-2xx response to an ApiError, reading the `{error:{code,message,field}}` envelope when present. */
export async function toApiError(response: Response): Promise<ApiError> {
  const retryHeader = response.headers.get('Retry-After');
  const retryAfter = retryHeader && /^\d+$/.test(retryHeader) ? Number(retryHeader) : undefined;
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const envelope =
    typeof body === 'object' && body !== null && 'error' in body
      ? (body as { error: unknown }).error
      : undefined;
  if (typeof envelope === 'object' && envelope !== null) {
    const { code, message, field } = envelope as Record<string, unknown>;
    const error = new ApiError(
      response.status,
      typeof code === 'string' ? (code as ErrorCode) : codeForStatus(response.status),
      typeof message === 'string' && message ? message : (FALLBACK_MESSAGES[response.status] ?? 'Error'),
      typeof field === 'string' && field ? field : undefined,
      retryAfter,
    );
    const { challenge } = body as { challenge?: unknown };
    if (typeof challenge === 'string') error.challenge = challenge;
    return error;
  }
  return new ApiError(
    response.status,
    codeForStatus(response.status),
    FALLBACK_MESSAGES[response.status] ?? `Unexpected answer (${response.status}).`,
    undefined,
    retryAfter,
  );
}

// ---------------------------------------------------------------------------
// Silent refresh, one at a time.
//
// WARNING: the refresh token is single use, and presenting a used one revokes
// the whole login. Two refreshes started with the same cookie (two requests
// that both saw a 401, or two tabs) would sign the person out. So every 401 in
// this tab joins the one refresh in flight, and refreshes of different tabs are
// serialised with the Web Locks API where the browser has it.

type SessionListener = () => void;
const sessionExpiredListeners = new Set<SessionListener>();

/** Called when the login is gone for good (refresh refused): the app shows the sign-in screen. */
export function onSessionExpired(listener: SessionListener): () => void {
  sessionExpiredListeners.add(listener);
  return () => sessionExpiredListeners.delete(listener);
}

/** Tells the app the login is gone (for request paths outside apiRequest, such as uploads). */
export function notifySessionExpired(): void {
  forgetSignedIn();
  for (const listener of sessionExpiredListeners) listener();
}

let refreshInFlight: Promise<boolean> | null = null;
// Counts completed successful refreshes: a request that started before the last
// one and still got 401 retries with the new cookie instead of refreshing again.
let refreshGeneration = 0;

async function postRefresh(): Promise<boolean> {
  try {
    const response = await fetch(`${API_BASE}/auth/refresh`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    });
    // Read the (small) body: an unread one keeps the request open and the connection busy.
    await response.text().catch(() => '');
    return response.ok;
  } catch {
    return false;
  }
}

function withCrossTabLock(task: () => Promise<boolean>): Promise<boolean> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks?.request) return task();
  // The lock's promise settles with the task's own (typed here as nested).
  return locks.request('lenslet-auth-refresh', task).then((ok) => ok);
}

/** Refreshes the session cookie; concurrent callers share one request. Resolves false when signed out. */
export function refreshSession(): Promise<boolean> {
  if (!refreshInFlight) {
    const generationAtStart = refreshGeneration;
    refreshInFlight = withCrossTabLock(async () => {
      // Another tab may have refreshed while we waited for the lock; the shared
      // cookie jar then already holds a fresh pair, and a second refresh with it
      // is safe (it is not a reuse), so just do it.
      return postRefresh();
    })
      .then((ok) => {
        if (ok) refreshGeneration = generationAtStart + 1;
        return ok;
      })
      .finally(() => {
        refreshInFlight = null;
      });
  }
  return refreshInFlight;
}

/** How many refreshes have succeeded: a caller that saw a 401 compares it to decide whether to refresh. */
export function currentRefreshGeneration(): number {
  return refreshGeneration;
}

/** For tests only: forget any refresh state. */
export function resetRefreshStateForTests(): void {
  refreshInFlight = null;
  refreshGeneration = 0;
}

// Paths whose 401 means "wrong credentials" or "already signed out", never "refresh and retry".
const NO_REFRESH_PATHS = new Set([
  '/auth/login',
  '/auth/register',
  '/auth/refresh',
  '/auth/logout',
  '/auth/token',
  '/auth/login/2fa',
]);

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A JSON-serialisable body, or FormData for uploads. */
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  signal?: AbortSignal;
  /** Skip the refresh-and-retry on 401 (the session probe uses it to stay quiet). */
  noRefresh?: boolean;
  /**
   * This request's answer, already asked for by index.html's boot script: taken
   * as the first attempt (a retry after a refresh asks anew).
   */
  started?: Promise<Response>;
}

function buildUrl(path: string, query: RequestOptions['query']): string {
  let url = `${API_BASE}${path}`;
  if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
    }
    const text = params.toString();
    if (text) url += `?${text}`;
  }
  return url;
}

/** Awaits a fetch, a network failure becoming an ApiError as for every request. */
async function settle(request: Promise<Response>): Promise<Response> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network_error', 'Could not reach Lenslet.');
  }
}

function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  return settle(
    withRequestSignal(options.signal, (signal) =>
      fetch(buildUrl(path, options.query), {
        method: options.method ?? 'GET',
        headers,
        body,
        credentials: 'same-origin',
        signal,
      }),
    ),
  );
}

/**
 * A 401 that means "the password you typed is wrong" (changing the password),
 * not "your session expired": refreshing would not help, retrying would count
 * as a second wrong guess, and it must never sign the person out.
 */
async function isWrongPassword(response: Response): Promise<boolean> {
  try {
    const body: unknown = await response.clone().json();
    const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as { code?: unknown }).code === 'invalid_credentials'
    );
  } catch {
    return false;
  }
}

/** Reads and drops a response body we will not use, so its connection is free again. */
async function drain(response: Response): Promise<void> {
  await response.text().catch(() => '');
}

/**
 * Sends one API request and returns its JSON body (undefined for 204). On a 401
 * the session is refreshed (one refresh for everyone waiting) and the request
 * is retried once — unless this tab is signing out (lib/api/signing-out.ts):
 * then a request waits for the logout, and after it is refused unsent.
 */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const held = holdDuringSignOut();
  if (held && !(await held)) throw new ApiError(401, 'unauthenticated', 'Signed out.');
  const generation = refreshGeneration;
  let response = await (options.started ? settle(options.started) : send(path, options));
  if (
    response.status === 401 &&
    !options.noRefresh &&
    !isSigningOut() &&
    !NO_REFRESH_PATHS.has(path) &&
    !(await isWrongPassword(response))
  ) {
    const refreshed = generation !== refreshGeneration ? true : await refreshSession();
    if (refreshed) {
      await drain(response);
      response = await send(path, options);
    }
    if (response.status === 401) notifySessionExpired();
  }
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(response.status, 'bad_response', 'The server sent an answer we could not read.');
  }
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'POST', body }),
  put: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'PATCH', body }),
  delete: <T>(path: string) => apiRequest<T>(path, { method: 'DELETE' }),
};
