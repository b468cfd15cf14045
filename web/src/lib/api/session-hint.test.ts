import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchSession } from '#/state/queries/session';
import { jsonResponse, makeOwnUser } from '#/test/utils';
import { notifySessionExpired, resetRefreshStateForTests } from './client';
import { forgetSignedIn, mayBeSignedIn, SIGNED_IN_HINT_COOKIE } from './session-hint';

afterEach(() => {
  forgetSignedIn();
  resetRefreshStateForTests();
  vi.unstubAllGlobals();
});

const setHint = () => {
  document.cookie = `${SIGNED_IN_HINT_COOKIE}=1; Path=/`;
};

describe('the signed-in hint', () => {
  it('is read from the server-set cookie and dropped by forgetSignedIn()', () => {
    document.cookie = 'other=2; Path=/';
    expect(mayBeSignedIn()).toBe(false);
    setHint();
    expect(mayBeSignedIn()).toBe(true);
    forgetSignedIn();
    expect(mayBeSignedIn()).toBe(false);
  });

  it('without it, the session probe asks nothing: a signed-out visit makes no 401', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(401, {}));
    vi.stubGlobal('fetch', fetchMock);
    await expect(fetchSession()).resolves.toBeNull();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('with it, the probe asks /auth/me', async () => {
    setHint();
    const me = makeOwnUser();
    const fetchMock = vi.fn(async () => jsonResponse(200, { user: me }));
    vi.stubGlobal('fetch', fetchMock);
    await expect(fetchSession()).resolves.toEqual(me);
    expect(String(fetchMock.mock.calls[0]?.[0 as never])).toBe('/api/v1/auth/me');
  });

  it('a login found gone (refresh refused) drops the hint, so the next visit stays quiet', async () => {
    setHint();
    const fetchMock = vi.fn(async () =>
      jsonResponse(401, { error: { code: 'unauthenticated', message: 'no' } }),
    );
    vi.stubGlobal('fetch', fetchMock);
    await expect(fetchSession()).resolves.toBeNull();
    expect(fetchMock.mock.calls.map((call) => String(call[0 as never]))).toEqual([
      '/api/v1/auth/me',
      '/api/v1/auth/refresh',
    ]);
    expect(mayBeSignedIn()).toBe(false);
    setHint();
    notifySessionExpired();
    expect(mayBeSignedIn()).toBe(false);
  });
});
