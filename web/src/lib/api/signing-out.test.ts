import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse } from '#/test/utils';
import { api, onSessionExpired, resetRefreshStateForTests } from './client';
import { isSigningOut, resetSigningOutForTests, sessionBegan, signOutWith } from './signing-out';

// A fetch that answers each URL when the test says so, and honours aborts as a browser does.
function stubFetch() {
  const sent: string[] = [];
  const answers = new Map<string, (response: Response) => void>();
  vi.stubGlobal(
    'fetch',
    vi.fn((input: RequestInfo | URL, init: RequestInit = {}) => {
      const url = String(input);
      sent.push(url);
      return new Promise<Response>((resolve, reject) => {
        answers.set(url, resolve);
        init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
      });
    }),
  );
  const answer = async (url: string, response: Response) => {
    await vi.waitFor(() => expect(answers.has(url)).toBe(true));
    answers.get(url)?.(response);
  };
  return { sent, answer };
}

const unauthenticated = () => jsonResponse(401, { error: { code: 'unauthenticated', message: 'Sign in' } });

beforeEach(() => {
  resetRefreshStateForTests();
  resetSigningOutForTests();
});
afterEach(() => vi.unstubAllGlobals());

describe('signing out', () => {
  it('aborts the requests in flight before the logout goes, so none comes back 401 to refresh', async () => {
    const { sent, answer } = stubFetch();
    const loading = api.get('/users/me/muted');
    const aborted = expect(loading).rejects.toMatchObject({ name: 'AbortError' });
    const logout = signOutWith(() => api.post('/auth/logout'));
    await answer('/api/v1/auth/logout', new Response(null, { status: 204 }));
    await logout;
    await aborted;
    expect(sent).toEqual(['/api/v1/users/me/muted', '/api/v1/auth/logout']);
  });

  it('holds a request asked for while the logout is on its way, and refuses it unsent once it is done', async () => {
    const { sent, answer } = stubFetch();
    const expired = vi.fn();
    const unsubscribe = onSessionExpired(expired);
    const logout = signOutWith(() => api.post('/auth/logout-all'));
    const polled = api.get('/notifications/unread-count');
    await answer('/api/v1/auth/logout-all', new Response(null, { status: 204 }));
    await logout;
    await expect(polled).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    expect(sent).toEqual(['/api/v1/auth/logout-all']);
    expect(expired).not.toHaveBeenCalled(); // signing out is no expired session
    unsubscribe();
  });

  it('lets the held requests go when the logout failed: the person is still signed in', async () => {
    const { sent, answer } = stubFetch();
    const logout = signOutWith(() => api.post('/auth/logout'));
    const polled = api.get('/notifications/unread-count');
    await answer(
      '/api/v1/auth/logout',
      jsonResponse(503, { error: { code: 'unavailable', message: 'Try again' } }),
    );
    await expect(logout).rejects.toMatchObject({ status: 503 });
    expect(isSigningOut()).toBe(false);
    await answer('/api/v1/notifications/unread-count', jsonResponse(200, { count: 2 }));
    await expect(polled).resolves.toEqual({ count: 2 });
    expect(sent).toEqual(['/api/v1/auth/logout', '/api/v1/notifications/unread-count']);
  });

  it('a 401 after the logout asks no refresh; a new login makes 401s refresh again', async () => {
    const { sent, answer } = stubFetch();
    const logout = signOutWith(() => api.post('/auth/logout'));
    await answer('/api/v1/auth/logout', new Response(null, { status: 204 }));
    await logout;
    const late = api.get('/feed');
    await answer('/api/v1/feed', unauthenticated());
    await expect(late).rejects.toMatchObject({ status: 401 });
    expect(sent).not.toContain('/api/v1/auth/refresh');

    sessionBegan();
    expect(isSigningOut()).toBe(false);
    const later = api.get('/feed');
    answer('/api/v1/feed', unauthenticated()).catch(() => undefined);
    await vi.waitFor(() => expect(sent).toContain('/api/v1/auth/refresh'));
    await answer('/api/v1/auth/refresh', unauthenticated());
    await expect(later).rejects.toMatchObject({ status: 401 });
  });

  it("a caller's own abort still cancels its request", async () => {
    const { sent } = stubFetch();
    const controller = new AbortController();
    const search = api.get('/search', { signal: controller.signal });
    await vi.waitFor(() => expect(sent).toEqual(['/api/v1/search']));
    controller.abort();
    await expect(search).rejects.toMatchObject({ name: 'AbortError' });
  });
});
