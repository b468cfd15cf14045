import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Route, Routes } from 'react-router';
import { jsonResponse, makeOwnUser, renderWithProviders } from '#/test/utils';
import LoginScreen, { safeNext } from './LoginScreen';
import { validateSignup } from './SignupScreen';

afterEach(() => vi.unstubAllGlobals());

function renderLogin(route = '/login') {
  return renderWithProviders(
    <Routes>
      <Route path="/login" element={<LoginScreen />} />
      <Route path="/" element={<p>home</p>} />
      <Route path="/settings" element={<p>settings page</p>} />
    </Routes>,
    { route },
  );
}

describe('LoginScreen', () => {
  it('asks for both fields before sending, focusing the first empty one', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    renderLogin();
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(screen.getByText('Enter your username or email.')).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByLabelText('Username or email'));
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('shows the API message, keeps the form usable, and disables it while sending', async () => {
    let answer: (r: Response) => void = () => undefined;
    vi.stubGlobal(
      'fetch',
      vi.fn(() => new Promise<Response>((resolve) => (answer = resolve))),
    );
    renderLogin();
    await userEvent.type(screen.getByLabelText('Username or email'), 'ada');
    await userEvent.type(screen.getByLabelText('Password'), 'wrong password');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(screen.getByRole('button', { name: 'Logging in…' })).toHaveProperty('disabled', true);
    expect(screen.getByLabelText('Password')).toHaveProperty('disabled', true);
    answer(
      jsonResponse(401, { error: { code: 'invalid_credentials', message: 'Wrong username or password' } }),
    );
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong username or password');
    expect(screen.getByRole('button', { name: 'Log in' })).toHaveProperty('disabled', false);
  });

  it('signs in and goes where the visitor was headed', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(200, { user: makeOwnUser() })),
    );
    renderLogin('/login?next=%2Fsettings');
    await userEvent.type(screen.getByLabelText('Username or email'), 'ada@example.org');
    await userEvent.type(screen.getByLabelText('Password'), 'correct horse battery');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByText('settings page')).toBeTruthy();
  });

  it('welcomes back an account the login restored (issue 14.6), and only then', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(200, { user: makeOwnUser(), restored: true }));
    vi.stubGlobal('fetch', fetchMock);
    renderLogin();
    await userEvent.type(screen.getByLabelText('Username or email'), 'ada');
    await userEvent.type(screen.getByLabelText('Password'), 'correct horse battery');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByText('home')).toBeTruthy();
    expect((await screen.findByRole('status')).textContent).toContain(
      'Welcome back! Your account is restored.',
    );
  });

  it('says nothing of a restore on an ordinary login', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(200, { user: makeOwnUser() })),
    );
    renderLogin();
    await userEvent.type(screen.getByLabelText('Username or email'), 'ada');
    await userEvent.type(screen.getByLabelText('Password'), 'correct horse battery');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
    expect(await screen.findByText('home')).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('never redirects off-site after login', () => {
    expect(safeNext('//evil.example')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/u/ada')).toBe('/u/ada');
    expect(safeNext(null)).toBe('/');
  });
});

describe('validateSignup', () => {
  it('applies the account rules of the API', () => {
    expect(
      validateSignup({ email: 'a@b.co', displayName: '', username: 'ada', password: 'long enough' }),
    ).toEqual({});
    expect(
      Object.keys(
        validateSignup({ email: 'nope', displayName: '', username: 'a!', password: 'short' }),
      ).sort(),
    ).toEqual(['email', 'password', 'username']);
    expect(
      validateSignup({ email: 'a@b.co', displayName: '', username: 'adalove', password: 'AdaLove' }).password,
    ).toBe('Use at least 8 characters.');
    expect(
      validateSignup({ email: 'a@b.co', displayName: '', username: 'adalovelace', password: 'AdaLovelace' })
        .password,
    ).toMatch(/cannot be your username/);
  });
});
