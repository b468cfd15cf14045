import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Route, Routes } from 'react-router';
import { jsonResponse, makeOwnUser, renderWithProviders } from '#/test/utils';
import LoginScreen from './LoginScreen';

afterEach(() => vi.unstubAllGlobals());

function renderLogin() {
  return renderWithProviders(
    <Routes>
      <Route path="/login" element={<LoginScreen />} />
      <Route path="/" element={<p>home</p>} />
    </Routes>,
    { route: '/login' },
  );
}

const twoFactorRequired = () =>
  jsonResponse(401, {
    error: { code: 'two_factor_required', message: 'Enter the code from your authenticator app' },
    challenge: 'the-challenge',
  });

async function passPassword() {
  await userEvent.type(screen.getByLabelText('Username or email'), 'ada');
  await userEvent.type(screen.getByLabelText('Password'), 'correct horse battery');
  await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
  return screen.findByLabelText('Authentication code');
}

describe('logging in with two-factor on', () => {
  it('asks for the code after the password and sends it with the challenge', async () => {
    const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
      if (url.endsWith('/auth/login')) return twoFactorRequired();
      expect(url).toMatch(/\/api\/v1\/auth\/login\/2fa$/);
      expect(JSON.parse(String(init?.body))).toEqual({ challenge: 'the-challenge', code: '123456' });
      return jsonResponse(200, { user: makeOwnUser() });
    });
    vi.stubGlobal('fetch', fetchMock);
    renderLogin();
    const code = await passPassword();
    expect(screen.queryByLabelText('Password')).toBeNull();
    expect(document.activeElement).toBe(code);
    await userEvent.type(code, ' 123456 ');
    await userEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('home')).toBeTruthy();
    // No refresh-and-retry on the second step's 401s (it is a credential check).
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('accepts a recovery code (letters too) and shows a wrong code beside the field', async () => {
    const bodies: unknown[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init?: RequestInit) => {
        if (url.endsWith('/auth/login')) return twoFactorRequired();
        bodies.push(JSON.parse(String(init?.body)));
        return bodies.length === 1
          ? jsonResponse(401, {
              error: { code: 'invalid_credentials', message: 'That code is not right', field: 'code' },
            })
          : jsonResponse(200, { user: makeOwnUser() });
      }),
    );
    renderLogin();
    const code = await passPassword();
    await userEvent.type(code, '000000');
    await userEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect((await screen.findByRole('alert')).textContent).toBe('That code is not right');
    await userEvent.clear(code);
    await userEvent.type(code, 'abcd-efgh-ijkm-nopq');
    await userEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('home')).toBeTruthy();
    expect(bodies).toEqual([
      { challenge: 'the-challenge', code: '000000' },
      { challenge: 'the-challenge', code: 'abcd-efgh-ijkm-nopq' },
    ]);
  });

  it('an expired challenge offers to start again, back at the password', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        url.endsWith('/auth/login')
          ? twoFactorRequired()
          : jsonResponse(401, {
              error: {
                code: 'invalid_token',
                message: 'This sign-in has expired, please start again',
                field: 'challenge',
              },
            }),
      ),
    );
    renderLogin();
    await userEvent.type(await passPassword(), '123456');
    await userEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'This sign-in has expired, please start again',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Start again' }));
    expect(screen.getByLabelText('Password')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
