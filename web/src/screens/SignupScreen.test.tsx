import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Route, Routes } from 'react-router';
import { jsonResponse, makeOwnUser, renderWithProviders } from '#/test/utils';
import LoginScreen from './LoginScreen';
import SignupScreen from './SignupScreen';

afterEach(() => vi.unstubAllGlobals());

function renderAt(route: string) {
  return renderWithProviders(
    <Routes>
      <Route path="/login" element={<LoginScreen />} />
      <Route path="/signup" element={<SignupScreen />} />
      <Route path="/" element={<p>home</p>} />
    </Routes>,
    { route },
  );
}

async function fillSignup() {
  await userEvent.type(screen.getByLabelText('Email'), 'eve@example.org');
  await userEvent.type(screen.getByLabelText('Username'), 'eve');
  await userEvent.type(screen.getByLabelText('Password'), 'correct horse battery');
}

function registerBodies(fetchMock: ReturnType<typeof vi.fn>): Record<string, unknown>[] {
  return fetchMock.mock.calls
    .filter(([url]) => String(url).endsWith('/auth/register'))
    .map(([, init]) => JSON.parse(String((init as RequestInit).body)));
}

describe('SignupScreen and registration policies', () => {
  it('shows the invite field when the server asks for a code, with its message, and sends the code', async () => {
    const fetchMock = vi
      .fn()
      .mockResolvedValueOnce(
        jsonResponse(422, {
          error: {
            code: 'invalid_value',
            message: 'An invite code is needed to sign up here',
            field: 'inviteCode',
          },
        }),
      )
      .mockResolvedValueOnce(jsonResponse(201, { user: makeOwnUser({ username: 'eve' }) }));
    vi.stubGlobal('fetch', fetchMock);
    renderAt('/signup');
    expect(screen.queryByLabelText('Invite code')).toBeNull();
    await fillSignup();
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }));

    const field = await screen.findByLabelText('Invite code');
    expect((await screen.findByRole('alert')).textContent).toBe('An invite code is needed to sign up here');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(field);

    await userEvent.type(field, 'KX7P-29QF');
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }));
    expect(await screen.findByText('home')).toBeTruthy();
    expect(registerBodies(fetchMock)[1]).toMatchObject({ username: 'eve', inviteCode: 'KX7P-29QF' });
    expect(registerBodies(fetchMock)[0]).not.toHaveProperty('inviteCode');
  });

  it('takes the code from an invite link', async () => {
    vi.stubGlobal('fetch', vi.fn());
    renderAt('/signup?invite=KX7P-29QF');
    expect((screen.getByLabelText('Invite code') as HTMLInputElement).value).toBe('KX7P-29QF');
  });

  it('says the account waits for approval after a 202, and signs nobody in', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(202, { status: 'pending_approval' })),
    );
    const { queryClient } = renderAt('/signup');
    await fillSignup();
    await userEvent.click(screen.getByRole('button', { name: 'Sign up' }));
    expect(await screen.findByRole('heading', { name: 'Thanks for signing up, eve' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Back to log in' })).toBeTruthy();
    expect(queryClient.getQueryData(['session', 'me'])).toBeUndefined();
  });
});

describe('LoginScreen and account states', () => {
  async function logIn() {
    await userEvent.type(screen.getByLabelText('Username or email'), 'eve');
    await userEvent.type(screen.getByLabelText('Password'), 'correct horse battery');
    await userEvent.click(screen.getByRole('button', { name: 'Log in' }));
  }

  it('says plainly that a suspended account is suspended, with the server’s words', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        jsonResponse(403, {
          error: { code: 'account_suspended', message: 'This account is suspended until 2030-01-31' },
        }),
      ),
    );
    renderAt('/login');
    await logIn();
    const problem = await screen.findByTestId('account-problem');
    expect(problem.getAttribute('role')).toBe('alert');
    expect(problem.textContent).toContain('Your account is suspended.');
    expect(problem.textContent).toContain('until 2030-01-31');
  });

  it('tells a pending account to wait for approval', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        jsonResponse(403, { error: { code: 'account_pending', message: 'Not approved yet' } }),
      ),
    );
    renderAt('/login');
    await logIn();
    expect((await screen.findByTestId('account-problem')).textContent).toContain(
      'Your account is waiting for approval.',
    );
  });
});
