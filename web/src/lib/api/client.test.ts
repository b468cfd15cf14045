import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '#/test/utils';
import {
  ApiError,
  api,
  errorMessage,
  onSessionExpired,
  resetRefreshStateForTests,
  toApiError,
} from './client';

type Handler = (url: string, init: RequestInit) => Response | Promise<Response>;

function stubFetch(handler: Handler) {
  const calls: { url: string; method: string }[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    calls.push({ url, method: init.method ?? 'GET' });
    return handler(url, init);
  });
  vi.stubGlobal('fetch', fetchMock);
  return calls;
}

beforeEach(() => resetRefreshStateForTests());
afterEach(() => vi.unstubAllGlobals());

describe('error mapping', () => {
  it('reads code, message and field from the error envelope', async () => {
    const error = await toApiError(
      jsonResponse(422, { error: { code: 'invalid_value', message: 'Bio is too long', field: 'bio' } }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 422,
      code: 'invalid_value',
      message: 'Bio is too long',
      field: 'bio',
    });
  });

  it('falls back to the status when the body is not the envelope', async () => {
    const error = await toApiError(new Response('<html>bad gateway</html>', { status: 502 }));
    expect(error).toMatchObject({ status: 502, code: 'internal', field: undefined });
    expect(errorMessage(error)).toMatch(/went wrong on our side/);
  });

  it('keeps Retry-After for rate limits', async () => {
    const error = await toApiError(
      jsonResponse(429, { error: { code: 'rate_limited', message: 'Slow down' } }, { 'Retry-After': '120' }),
    );
    expect(error.retryAfterSeconds).toBe(120);
    expect(errorMessage(error)).toBe('Too many tries. Try again in 2 min.');
  });

  it('turns a network failure into network_error', async () => {
    stubFetch(() => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api.get('/auth/me')).rejects.toMatchObject({ code: 'network_error', status: 0 });
  });

  it('returns undefined for 204 and parses JSON bodies', async () => {
    stubFetch((url) =>
      url.endsWith('/read') ? new Response(null, { status: 204 }) : jsonResponse(200, { ok: 1 }),
    );
    await expect(api.post('/notifications/read')).resolves.toBeUndefined();
    await expect(api.get('/x')).resolves.toEqual({ ok: 1 });
  });

  it('sends JSON with the right headers and query string', async () => {
    let seen: RequestInit | undefined;
    let seenUrl = '';
    stubFetch((url, init) => {
      seen = init;
      seenUrl = url;
      return jsonResponse(200, {});
    });
    await api.patch('/users/me', { bio: 'hi' });
    expect(seenUrl).toBe('/api/v1/users/me');
    expect(seen?.method).toBe('PATCH');
    expect(seen?.body).toBe('{"bio":"hi"}');
    expect((seen?.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    await api.get('/notifications', { query: { limit: 20, cursor: null } });
    expect(seenUrl).toBe('/api/v1/notifications?limit=20');
  });
});

describe('silent refresh', () => {
  it('refreshes once for many concurrent 401s, then retries each request once', async () => {
    let refreshed = false;
    let releaseRefresh: () => void = () => undefined;
    const calls = stubFetch(async (url) => {
      if (url.endsWith('/auth/refresh')) {
        await new Promise<void>((resolve) => (releaseRefresh = resolve));
        refreshed = true;
        return jsonResponse(200, { user: {} });
      }
      return refreshed
        ? jsonResponse(200, { url })
        : jsonResponse(401, { error: { code: 'invalid_token', message: 'expired' } });
    });
    const pending = [api.get('/a'), api.get('/b'), api.get('/c')];
    await vi.waitFor(() => expect(calls.filter((c) => c.url.endsWith('/auth/refresh'))).toHaveLength(1));
    releaseRefresh();
    await expect(Promise.all(pending)).resolves.toEqual([
      { url: '/api/v1/a' },
      { url: '/api/v1/b' },
      { url: '/api/v1/c' },
    ]);
    expect(calls.filter((c) => c.url.endsWith('/auth/refresh'))).toHaveLength(1);
    expect(calls.filter((c) => c.url === '/api/v1/a')).toHaveLength(2);
  });

  it('does not refresh again for a request that started before a completed refresh', async () => {
    let refreshes = 0;
    let slowRelease: () => void = () => undefined;
    let fresh = false;
    stubFetch(async (url) => {
      if (url.endsWith('/auth/refresh')) {
        refreshes += 1;
        fresh = true;
        return jsonResponse(200, { user: {} });
      }
      if (url.endsWith('/slow') && !fresh) {
        await new Promise<void>((resolve) => (slowRelease = resolve));
        return jsonResponse(401, {});
      }
      return fresh ? jsonResponse(200, {}) : jsonResponse(401, {});
    });
    const slow = api.get('/slow');
    await api.get('/fast'); // 401 → refresh → retry
    slowRelease(); // its 401 was answered to the old token
    await slow;
    expect(refreshes).toBe(1);
  });

  it('gives up after one retry and reports the session as expired', async () => {
    const expired = vi.fn();
    const unsubscribe = onSessionExpired(expired);
    const calls = stubFetch((url) =>
      url.endsWith('/auth/refresh')
        ? jsonResponse(401, { error: { code: 'invalid_token', message: 'revoked' } })
        : jsonResponse(401, { error: { code: 'unauthenticated', message: 'Sign in' } }),
    );
    await expect(api.get('/auth/me')).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(expired).toHaveBeenCalledTimes(1);
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/auth/me', '/api/v1/auth/refresh']);
    unsubscribe();
  });

  it('never refreshes for wrong credentials at login', async () => {
    const calls = stubFetch(() =>
      jsonResponse(401, { error: { code: 'invalid_credentials', message: 'Wrong password' } }),
    );
    await expect(api.post('/auth/login', { login: 'ada', password: 'x' })).rejects.toMatchObject({
      code: 'invalid_credentials',
      message: 'Wrong password',
    });
    expect(calls).toHaveLength(1);
  });

  it('a wrong current password is not an expired session: no refresh, no retry, no sign-out', async () => {
    const expired = vi.fn();
    const unsubscribe = onSessionExpired(expired);
    const calls = stubFetch(() =>
      jsonResponse(401, {
        error: { code: 'invalid_credentials', message: 'Wrong', field: 'currentPassword' },
      }),
    );
    await expect(
      api.post('/auth/password', { currentPassword: 'x', newPassword: 'y' }),
    ).rejects.toMatchObject({ status: 401, code: 'invalid_credentials', field: 'currentPassword' });
    expect(calls).toHaveLength(1);
    expect(expired).not.toHaveBeenCalled();
    unsubscribe();
  });

  it('retries once only, even if the retry is refused again', async () => {
    const calls = stubFetch((url) =>
      url.endsWith('/auth/refresh') ? jsonResponse(200, {}) : jsonResponse(401, {}),
    );
    await expect(api.get('/thing')).rejects.toMatchObject({ status: 401 });
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/thing', '/api/v1/auth/refresh', '/api/v1/thing']);
  });
});

describe('a request the boot script started', () => {
  it('is taken as the first attempt: nothing is fetched again', async () => {
    const calls = stubFetch(() => jsonResponse(200, { fresh: true }));
    const started = Promise.resolve(jsonResponse(200, { fromBoot: true }));
    await expect(api.get('/feed', { query: { limit: 10 }, started })).resolves.toEqual({ fromBoot: true });
    expect(calls).toEqual([]);
  });

  it('answered 401: refreshed, then asked anew (never the used response again)', async () => {
    const calls = stubFetch((url) =>
      url.endsWith('/auth/refresh') ? jsonResponse(200, { user: {} }) : jsonResponse(200, { retried: true }),
    );
    const started = Promise.resolve(
      jsonResponse(401, { error: { code: 'invalid_token', message: 'expired' } }),
    );
    await expect(api.get('/feed', { started })).resolves.toEqual({ retried: true });
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/auth/refresh', '/api/v1/feed']);
  });

  it('failed on the network: network_error, as for any request', async () => {
    stubFetch(() => jsonResponse(200, {}));
    const started = Promise.reject(new TypeError('Failed to fetch'));
    await expect(api.get('/auth/me', { started })).rejects.toMatchObject({
      code: 'network_error',
      status: 0,
    });
  });
});
