import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderWithProviders } from '#/test/utils';
import VerifyEmailScreen from './VerifyEmailScreen';

afterEach(() => vi.unstubAllGlobals());

const TOKEN = 'B'.repeat(43);

function renderVerify(route = `/verify-email?token=${TOKEN}`) {
  return renderWithProviders(
    <Routes>
      <Route path="/verify-email" element={<VerifyEmailScreen />} />
    </Routes>,
    { route },
  );
}

describe('VerifyEmailScreen', () => {
  it('confirms the address with the token from the link, once', async () => {
    const fetchMock = vi.fn(async () => new Response(null, { status: 204 }));
    vi.stubGlobal('fetch', fetchMock);
    renderVerify();
    expect(await screen.findByText('Your email address is confirmed.')).toBeTruthy();
    const calls = (fetchMock.mock.calls as unknown as [string, RequestInit][]).filter(([url]) =>
      url.endsWith('/auth/email/verify'),
    );
    expect(calls).toHaveLength(1);
    expect(JSON.parse(String(calls[0]?.[1].body))).toEqual({ token: TOKEN });
  });

  it('says when the link has expired', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(410, { error: { code: 'token_expired', message: 'expired' } })),
    );
    renderVerify();
    expect((await screen.findByRole('alert')).textContent).toContain('This confirmation link has expired.');
  });

  it('a link without a token cannot work', () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    renderVerify('/verify-email');
    expect(screen.getByRole('alert').textContent).toContain('not complete');
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
